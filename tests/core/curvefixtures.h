// SPDX-License-Identifier: MIT
// The hand-made operating curve of the curve tests (tst_curves, tst_operating and the GUI's
// tst_hardwarepage): output tokens/s per GPU of 1000, 600 and 200 at 20, 40 and 60 tokens/s
// per user (1024/1024 tokens), plus a dominated point (30, 500) that the frontier drops; and
// a scenario serving one model from it on a 16-GPU pod given at $32 an hour, utilization 0.5,
// with tiers "slow" (30 tokens/s per user) and "fast" (50), whose points are (30, 800) and
// (50, 400).
#pragma once

#include "curves/curve.h"
#include "curves/curvejson.h"
#include "scenario/jsonpath.h"

#include <string>

namespace tierlab::test {

inline core::CurvePoint handPoint(double tps, double outPerGpu, double in = 1024,
                                  double out = 1024) {
    core::CurvePoint p;
    p.tokensPerSPerUser = tps;
    p.outputTokensPerSPerGpu = outPerGpu;
    p.inputTokens = in, p.outputTokens = out;
    p.gpus = 8;
    p.parallelism = "TP8";
    p.source = {"hand.json", "data[" + std::to_string(int(tps)) + "]", ""};
    return p;
}

inline core::Curve handCurve() {
    core::Curve c;
    c.model = "M";
    c.hardware = "h200";
    c.engine = "E";
    c.precision = "fp8";
    c.points = {handPoint(40, 600), handPoint(20, 1000), handPoint(30, 500), handPoint(60, 200)};
    return c;
}

inline core::Json curveScenario() {
    core::Json doc = core::Json::parse(R"({
      "schema": "tierlab.scenario/1",
      "typical_request": {"input_tokens": 1024, "output_tokens": 1024},
      "accelerators": [{"id": "h200", "hbm_gb": 141, "hbm_tbs": 4.8, "bf16_tflops": 989,
                        "fp8_tflops": 1979, "watts": 700, "price_usd": 31250}],
      "pods": [{"id": "p", "accelerator": "h200", "nodes": 2, "gpus_per_node": 8,
                "cost": {"mode": "given", "usd_per_hour": 32}, "utilization": 0.5}],
      "models": [{"id": "m", "price": {"input_per_mtok": 1, "output_per_mtok": 4},
                  "serving": {"pod": "p", "speed": {"min_tps": 20}}}],
      "tiers": [
        {"id": "slow", "price_usd_month": 20, "speed": {"min_tps": 30},
         "typical_request": {"model": "m"}, "windows": [{"messages": 50, "hours": 5}]},
        {"id": "fast", "price_usd_month": 20, "speed": {"min_tps": 50},
         "typical_request": {"model": "m"}, "windows": [{"messages": 50, "hours": 5}]}]
    })");
    doc["models"][0]["serving"]["curve"] = core::curveToJson(handCurve());
    return doc;
}

} // namespace tierlab::test
