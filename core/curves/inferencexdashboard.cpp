// SPDX-License-Identifier: MIT
// InferenceX (InferenceMAX) dashboard JSON, as captured with a wrapper:
// {"metadata": {"model", "sequence": "1K / 8K", "data_type": "interactivity" | "e2e",
// "timestamp"}, "data": [{"x", "y", "conc", "tp", "hwKey", "precision", "tpPerGpu", ...}]}.
#include "curveformats.h"

#include <charconv>

namespace tierlab::core::curves {

namespace {

// "1K" -> 1024, "8K" -> 8192, "512" -> 512 (InferenceX's 1K/8K runs use ISL/OSL 1024/8192).
std::optional<double> lengthOf(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    double scale = 1;
    if (!s.empty() && (s.back() == 'K' || s.back() == 'k'))
        scale = 1024, s.remove_suffix(1);
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || v <= 0)
        return std::nullopt;
    return v * scale;
}

struct Meta {
    std::string model;
    double inputTokens = 0, outputTokens = 0;
    bool interactivity = true; // x is tokens/s per user; else end-to-end latency, s
    std::string date;
};

Meta readMeta(const Json& doc, const std::string& file) {
    if (!doc.is_object() || !doc.contains("metadata"))
        fail(file, "metadata", "missing (the dashboard wrapper's metadata is required)");
    const Json& m = doc["metadata"];
    if (!m.is_object())
        fail(file, "metadata", "not an object");
    Meta meta;
    meta.model = optionalText(m, "model", file, "metadata");
    if (meta.model.empty())
        fail(file, "metadata.model", "missing (the model name is required)");
    const std::string seq = optionalText(m, "sequence", file, "metadata");
    const auto slash = seq.find('/');
    const auto in = lengthOf(std::string_view(seq).substr(0, slash));
    const auto out = slash == std::string::npos ? std::nullopt
                                                : lengthOf(std::string_view(seq).substr(slash + 1));
    if (!in || !out)
        fail(file, "metadata.sequence",
             "not input/output lengths such as \"1K / 8K\": \"" + seq + "\"");
    meta.inputTokens = *in, meta.outputTokens = *out;
    const std::string type = optionalText(m, "data_type", file, "metadata");
    if (type != "interactivity" && type != "e2e")
        fail(file, "metadata.data_type", "not \"interactivity\" or \"e2e\": \"" + type + "\"");
    meta.interactivity = type == "interactivity";
    meta.date = optionalText(m, "timestamp", file, "metadata").substr(0, 10);
    return meta;
}

// The curve a hwKey names: "h200_trt" -> h200, TensorRT-LLM; "gb200_mtp" -> gb200, Dynamo +
// TensorRT-LLM, disaggregated, MTP; "h200" -> SGLang for DeepSeek, vLLM otherwise.
Curve identityOf(const Meta& meta, const std::string& hwKey, const std::string& precision) {
    Curve c;
    c.model = meta.model;
    c.precision = precision;
    c.hardware = hwKey.substr(0, hwKey.find('_'));
    const bool trt = hwKey.find("_trt") != std::string::npos;
    const bool mtp = hwKey.find("_mtp") != std::string::npos;
    const bool disagg = c.hardware.rfind("gb", 0) == 0;
    const bool deepseek = meta.model.find("DeepSeek") != std::string::npos;
    c.engine = disagg ? "Dynamo + TensorRT-LLM" : trt ? "TensorRT-LLM" : deepseek ? "SGLang" : "vLLM";
    c.config = disagg ? "disaggregated" : "";
    if (mtp)
        c.config += std::string(c.config.empty() ? "" : ", ") + "MTP";
    return c;
}

CurvePoint readPoint(const Json& p, const Meta& meta, bool disagg, const std::string& file,
                     const std::string& path) {
    CurvePoint pt;
    const double x = requireNumber(p, "x", file, path);
    const double y = requireNumber(p, "y", file, path);
    if (!(x > 0) || !(y > 0))
        fail(file, path, "x and y must be > 0");
    (meta.interactivity ? pt.tokensPerSPerUser : pt.e2eLatencyS) = x;
    pt.totalTokensPerSPerGpu = y;
    // Aggregated runs serve input and output on the same GPUs: output is the osl share of the
    // total. Disaggregated totals divide input and output by different GPUs: no split.
    if (!disagg)
        pt.outputTokensPerSPerGpu = y * meta.outputTokens / (meta.inputTokens + meta.outputTokens);
    if (const auto conc = optionalNumber(p, "conc", file, path))
        pt.concurrency = int(*conc);
    if (const auto tp = optionalNumber(p, "tp", file, path)) {
        pt.gpus = int(*tp);
        pt.parallelism = disagg ? std::to_string(pt.gpus) + " GPUs (prefill + decode)"
                                : "TP" + std::to_string(pt.gpus);
    }
    pt.inputTokens = meta.inputTokens, pt.outputTokens = meta.outputTokens;
    pt.precision = optionalText(p, "precision", file, path);
    pt.source = {file, path, meta.date};
    return pt;
}

} // namespace

std::vector<Curve> readInferenceXDashboard(const Json& doc, const std::string& file) {
    const Meta meta = readMeta(doc, file);
    if (!doc.contains("data") || !doc["data"].is_array())
        fail(file, "data", "missing or not an array of points");
    const Json& data = doc["data"];
    if (!data.is_array())
        fail(file, "data", "not an array of points");
    std::vector<Curve> curves;
    for (std::size_t i = 0; i < data.size(); ++i) {
        const std::string path = childPath("data", i);
        if (!data[i].is_object())
            fail(file, path, "not an object");
        const std::string hwKey = optionalText(data[i], "hwKey", file, path);
        if (hwKey.empty())
            fail(file, childPath(path, "hwKey"), "missing (the hardware key is required)");
        const Curve like = identityOf(meta, hwKey, optionalText(data[i], "precision", file, path));
        addPoint(curves, like, readPoint(data[i], meta, like.config.find("disagg") == 0, file, path));
    }
    return curves;
}

} // namespace tierlab::core::curves
