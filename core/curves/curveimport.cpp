// SPDX-License-Identifier: MIT
#include "curveimport.h"

#include "curveformats.h"
#include "scenario/overrides.h"
#include "scenario/reader.h"

#include <fmt/format.h>

#include <charconv>

namespace tierlab::core {

namespace curves {

void fail(const std::string& file, const std::string& path, const std::string& why) {
    throw CurveImportError(file + ": " + (path.empty() ? std::string() : path + ": ") + why);
}

std::optional<double> optionalNumber(const Json& obj, std::string_view key,
                                     const std::string& file, const std::string& path) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return std::nullopt;
    const std::string at = childPath(path, key);
    if (it->is_number())
        return it->get<double>();
    if (it->is_string()) {
        const auto& s = it->get_ref<const std::string&>();
        double v = 0;
        const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
        if (r.ec == std::errc() && r.ptr == s.data() + s.size())
            return v;
        if (s.empty())
            return std::nullopt;
    }
    fail(file, at, "not a number: " + it->dump());
}

double requireNumber(const Json& obj, std::string_view key, const std::string& file,
                     const std::string& path) {
    const auto v = optionalNumber(obj, key, file, path);
    if (!v)
        fail(file, childPath(path, key), "missing (a number is required)");
    return *v;
}

std::string optionalText(const Json& obj, std::string_view key, const std::string& file,
                         const std::string& path) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number() || it->is_boolean())
        return it->dump();
    fail(file, childPath(path, key), "not a text: " + it->dump());
}

bool optionalFlag(const Json& obj, std::string_view key, const std::string& file,
                  const std::string& path) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        return false;
    if (it->is_boolean())
        return it->get<bool>();
    const std::string s = it->is_string() ? it->get<std::string>() : it->dump();
    if (s == "true" || s == "True" || s == "1")
        return true;
    if (s == "false" || s == "False" || s == "0" || s.empty())
        return false;
    fail(file, childPath(path, key), "not true or false: " + it->dump());
}

namespace {

bool sameIdentity(const Curve& a, const Curve& b) {
    return a.model == b.model && a.hardware == b.hardware && a.engine == b.engine &&
           a.precision == b.precision && a.config == b.config;
}

} // namespace

void addPoint(std::vector<Curve>& curves, const Curve& like, CurvePoint point) {
    for (Curve& c : curves) {
        if (sameIdentity(c, like)) {
            c.points.push_back(std::move(point));
            return;
        }
    }
    Curve c = like;
    c.points = {std::move(point)};
    curves.push_back(std::move(c));
}

} // namespace curves

namespace {

using curves::fail;

bool isObjectWith(const Json& j, std::initializer_list<const char*> keys) {
    if (!j.is_object())
        return false;
    for (const char* k : keys)
        if (!j.contains(k))
            return false;
    return true;
}

bool isVllmResult(const Json& j) {
    return isObjectWith(j, {"completed"}) &&
           (j.contains("median_tpot_ms") || j.contains("mean_tpot_ms"));
}

std::optional<CurveFormat> detectJson(const Json& j) {
    if (isObjectWith(j, {"metadata", "data"}) && j["data"].is_array() &&
        (j["data"].empty() || isObjectWith(j["data"][0], {"x", "y", "hwKey"})))
        return CurveFormat::InferenceXDashboard;
    if (j.is_array() && !j.empty() && isObjectWith(j[0], {"hw", "isl", "osl"}))
        return CurveFormat::InferenceXAggBmk;
    if (isVllmResult(j))
        return CurveFormat::VllmServing;
    return std::nullopt;
}

std::vector<std::string_view> nonBlankLines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

// JSON lines of vLLM results (benchmark_serving --append-result); empty when not that.
std::vector<curves::VllmDoc> vllmLines(std::string_view text) {
    std::vector<curves::VllmDoc> docs;
    const auto lines = nonBlankLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (blank(lines[i]))
            continue;
        auto parsed = parseJsonText(lines[i]);
        if (parsed.error || !isVllmResult(parsed.doc))
            return {};
        docs.push_back({std::move(parsed.doc), fmt::format("line {}", i + 1)});
    }
    return docs;
}

std::string_view firstLine(std::string_view text) { return text.substr(0, text.find('\n')); }

bool isSiliconHeader(std::string_view text) {
    const auto header = firstLine(text);
    return header.find("silicon_ttft_ms") != std::string_view::npos &&
           header.find("silicon_tpot_ms") != std::string_view::npos;
}

std::string detectionError(std::string_view text) {
    return "cannot tell the benchmark format from the content (first line: \"" +
           std::string(firstLine(text).substr(0, 80)) +
           "\"); expected InferenceX dashboard JSON, InferenceX agg_bmk.json rows, an "
           "AIConfigurator silicon CSV or a vLLM benchmark_serving result";
}

} // namespace

const char* curveFormatName(CurveFormat format) {
    switch (format) {
    case CurveFormat::InferenceXDashboard:
        return "inferencex-dashboard";
    case CurveFormat::InferenceXAggBmk:
        return "inferencex-agg-bmk";
    case CurveFormat::AIConfiguratorSilicon:
        return "aiconfigurator-silicon";
    case CurveFormat::VllmServing:
        return "vllm-serving";
    }
    return "?";
}

std::optional<CurveFormat> curveFormatFromName(std::string_view name) {
    for (CurveFormat f : {CurveFormat::InferenceXDashboard, CurveFormat::InferenceXAggBmk,
                          CurveFormat::AIConfiguratorSilicon, CurveFormat::VllmServing})
        if (name == curveFormatName(f))
            return f;
    return std::nullopt;
}

std::optional<CurveFormat> detectCurveFormat(std::string_view text) {
    if (isSiliconHeader(text))
        return CurveFormat::AIConfiguratorSilicon;
    auto parsed = parseJsonText(text);
    if (!parsed.error)
        return detectJson(parsed.doc);
    if (!vllmLines(text).empty())
        return CurveFormat::VllmServing;
    return std::nullopt;
}

CurveImport importCurveFile(const std::string& path, const CurveImportOptions& options) {
    std::string error;
    const auto text = readTextFile(path, error);
    if (!text)
        fail(path, "", "cannot read: " + error);
    CurveImport out;
    if (options.format == CurveFormat::AIConfiguratorSilicon ||
        (!options.format && isSiliconHeader(*text))) {
        out.format = CurveFormat::AIConfiguratorSilicon;
        out.curves = curves::readAiConfiguratorSilicon(*text, path, out.notes);
        return out;
    }
    auto parsed = parseJsonText(*text);
    std::vector<curves::VllmDoc> lines;
    if (parsed.error) {
        lines = vllmLines(*text);
        if (lines.empty() || (options.format && options.format != CurveFormat::VllmServing))
            fail(path, parsed.error->path, parsed.error->message);
    }
    const auto format = options.format ? options.format
                        : lines.empty() ? detectJson(parsed.doc)
                                        : CurveFormat::VllmServing;
    if (!format)
        fail(path, "", detectionError(*text));
    out.format = *format;
    if (*format == CurveFormat::InferenceXDashboard)
        out.curves = curves::readInferenceXDashboard(parsed.doc, path);
    else if (*format == CurveFormat::InferenceXAggBmk)
        out.curves = curves::readInferenceXAggBmk(parsed.doc, path);
    else if (*format == CurveFormat::VllmServing)
        out.curves = curves::readVllmServing(
            lines.empty() ? std::vector<curves::VllmDoc>{{parsed.doc, ""}} : lines, path, options);
    else
        fail(path, "", "not an AIConfigurator silicon CSV: its header lacks silicon_ttft_ms and "
                       "silicon_tpot_ms");
    return out;
}

void mergeCurves(std::vector<Curve>& into, std::vector<Curve> more) {
    for (Curve& c : more)
        for (CurvePoint& p : c.points)
            curves::addPoint(into, c, std::move(p));
}

} // namespace tierlab::core
