// SPDX-License-Identifier: MIT
// Accelerators and pods: what a pod of GPUs costs per month and per hour (docs/model.md,
// "Hardware and pods").
#pragma once

#include "enumname.h"

#include <optional>
#include <string>

namespace tierlab::core {

// One accelerator type, from its public spec sheet (dense figures, no sparsity).
struct Accelerator {
    std::string id;
    double hbmGb = 0;             // HBM capacity per GPU, GB (1e9 bytes), > 0
    double hbmTbPerS = 0;         // HBM bandwidth per GPU, TB/s (1e12 bytes/s), > 0
    double bf16Tflops = 0;        // dense BF16 peak per GPU, TFLOPS, > 0
    double fp8Tflops = 0;         // dense FP8 peak per GPU, TFLOPS; 0 = not supported
    double fp4Tflops = 0;         // dense FP4 peak per GPU, TFLOPS; 0 = not supported
    double watts = 0;             // board power per GPU, W, >= 0
    // All-in IT power per GPU at the server (GPU, CPU, memory, NICs, fans), kW; 0 = board
    // power alone. An HGX H200 node draws about 10.2 kW, 1.275 kW per GPU.
    double serverKwPerGpu = 0;
    double priceUsd = 0;          // purchase price per GPU, USD, >= 0
    double rentUsdPerGpuHour = 0; // typical rental price, USD per GPU-hour, >= 0
};

enum class PodCostMode { Owned, Rented, Given };

// `cost.mode` as the scenario spells it (core/enumname.h).
inline constexpr EnumName<PodCostMode> kPodCostModeNames[] = {
    {PodCostMode::Owned, "owned"},
    {PodCostMode::Rented, "rented"},
    {PodCostMode::Given, "given"},
};
static_assert(enumNamesUnique(kPodCostModeNames));

// How a pod is paid for. Only the fields of the chosen mode are used.
struct PodCost {
    PodCostMode mode = PodCostMode::Owned;
    // Owned: capital financed as an annuity, then discounted, plus energy and hosting.
    double capexUsd = 0;        // >= 0
    double months = 36;         // financing term, >= 1
    double annualRate = 0;      // nominal yearly interest rate, >= 0 (0.10 = 10 %)
    double discount = 0;        // share of the payment waived, 0 <= d < 1
    double pue = 1.0;           // power usage effectiveness, >= 1
    double usdPerKwh = 0;       // >= 0
    double hostingUsdMonth = 0; // >= 0
    double hostingUsdPerKwMonth = 0; // colocation per kW of IT load, >= 0
    // Straight-line depreciation of the capital over this life; 0 = not shown. With
    // `depreciate`, it replaces the financing payment in the total.
    double depreciationYears = 0;
    bool depreciate = false; // `basis`: see kCostBasisNames
    // Rented: USD per GPU-hour; 0 means "the accelerator's rent_usd_per_gpu_hour".
    double rentUsdPerGpuHour = 0;
    // Given: the pod's cost per hour typed in, USD, > 0.
    double usdPerHour = 0;
};

// `cost.basis` of an owned pod: the financing payment, or depreciation (PodCost::depreciate).
inline constexpr EnumName<bool> kCostBasisNames[] = {
    {false, "financing"},
    {true, "depreciation"},
};
static_assert(enumNamesUnique(kCostBasisNames));

struct Pod {
    std::string id;
    std::string acceleratorId;
    int nodes = 1;       // >= 1
    int gpusPerNode = 8; // >= 1
    PodCost cost;
    double utilization = 0.7;       // busy share of paid time, 0 < u <= 1
    // utilization {"from": "demand", "headroom": h}: from the usage's hour-of-week profile
    // instead (model.md, "Utilization from demand"); `utilization` is then unused.
    std::optional<double> demandHeadroom;
    double usableHbmFraction = 0.9; // share of HBM usable for weights and KV cache, 0 < f <= 1

    int gpus() const { return nodes * gpusPerNode; }
};

// A pod's monthly cost, split by where it comes from. All USD per month.
struct PodMonthlyCost {
    double financeUsd = 0; // annuity payment after discount (owned), or rent, or given
    double depreciationUsd = 0; // capex x (1 - discount) / (12 x life), when a life is given
    double energyUsd = 0;  // owned only
    double hostingUsd = 0; // owned only
    double totalUsd = 0;
};

// Level monthly payment that repays `principalUsd` over `months` at `annualRate` compounded
// monthly: PMT = K i / (1 - (1 + i)^-n), i = r / 12; K / n when r = 0.
// Valid for principal >= 0, months >= 1, annualRate >= 0.
double annuityPaymentUsd(double principalUsd, double annualRate, double months);

// IT power per GPU, kW: the server's all-in figure when known, else board power.
double itKwPerGpu(const Accelerator& accel);

// Energy cost of `gpus` boards at `watts` each for `hours`, with PUE, USD.
double energyCostUsd(int gpus, double watts, double pue, double usdPerKwh, double hours);

// Monthly cost of a pod (docs/model.md, "Hardware and pods"). `hoursPerMonth` is normally
// 730 (8760 / 12).
PodMonthlyCost podMonthlyCost(const Pod& pod, const Accelerator& accel, double hoursPerMonth);

// Pod cost per hour, USD: the monthly total spread over `hoursPerMonth` (> 0).
double podHourlyCostUsd(const Pod& pod, const Accelerator& accel, double hoursPerMonth);

} // namespace tierlab::core
