// SPDX-License-Identifier: MIT
#include "historycodec.h"

#include "varint.h"

#include <limits>
#include <stdexcept>

namespace tierlab::core {

namespace {

constexpr std::uint64_t kVersion = 1;
constexpr std::uint64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();

} // namespace

void HistoryEncoder::add(const HistoryRecord& r) {
    if (m_any && r.subscriber == m_last.subscriber && r.timeMs < m_last.timeMs)
        throw std::logic_error("history requests of a subscriber out of time order");
    m_pending.push_back(r);
    m_last = r;
    m_any = true;
}

std::vector<std::uint8_t> HistoryEncoder::take() {
    std::vector<std::uint8_t> out;
    if (m_pending.empty())
        return out;
    bool seconds = true;
    for (const HistoryRecord& r : m_pending)
        seconds = seconds && r.timeMs % 1000 == 0;
    const std::int64_t unit = seconds ? 1000 : 1;
    std::size_t runs = 0;
    for (std::size_t i = 0; i < m_pending.size(); ++i)
        runs += i == 0 || m_pending[i].subscriber != m_pending[i - 1].subscriber;
    out.reserve(m_pending.size() * 11 + 16);
    varint::put(out, kVersion);
    varint::put(out, static_cast<std::uint64_t>(unit));
    varint::put(out, runs);
    std::int64_t previousSubscriber = 0;
    for (std::size_t start = 0; start < m_pending.size();) {
        std::size_t end = start + 1;
        while (end < m_pending.size() && m_pending[end].subscriber == m_pending[start].subscriber)
            ++end;
        const HistoryRecord& first = m_pending[start];
        varint::put(out, varint::zigzag(std::int64_t(first.subscriber) - previousSubscriber));
        previousSubscriber = first.subscriber;
        varint::put(out, end - start);
        varint::put(out, varint::zigzag(first.timeMs / unit));
        for (std::size_t i = start; i < end; ++i) {
            const HistoryRecord& r = m_pending[i];
            if (i > start)
                varint::put(out, static_cast<std::uint64_t>((r.timeMs - m_pending[i - 1].timeMs) / unit));
            varint::put(out, std::uint64_t(r.model) << 1 | (r.channel & 1));
            varint::put(out, r.input);
            varint::put(out, r.output);
            varint::put(out, r.cacheRead);
            varint::put(out, r.cacheWrite);
        }
        start = end;
    }
    m_pending.clear();
    return out;
}

void decodeHistoryChunk(std::span<const std::uint8_t> chunk, std::vector<HistoryRecord>& out) {
    varint::Reader in(chunk);
    if (in.next() != kVersion)
        throw DatabaseError("history chunk of an unknown version");
    const auto unit = static_cast<std::int64_t>(in.next());
    if (unit != 1 && unit != 1000)
        throw DatabaseError("malformed history chunk");
    const std::uint64_t runs = in.upTo(HistoryEncoder::kRequestsPerChunk);
    std::int64_t subscriber = 0;
    for (std::uint64_t k = 0; k < runs; ++k) {
        subscriber += varint::unzigzag(in.next());
        if (subscriber < 0 || std::uint64_t(subscriber) > kMaxU32)
            throw DatabaseError("malformed history chunk");
        const std::uint64_t n = in.upTo(HistoryEncoder::kRequestsPerChunk);
        std::int64_t t = varint::unzigzag(in.next()) * unit;
        for (std::uint64_t i = 0; i < n; ++i) {
            if (i > 0)
                t += static_cast<std::int64_t>(in.next()) * unit;
            HistoryRecord r;
            r.subscriber = static_cast<std::uint32_t>(subscriber);
            r.timeMs = t;
            const std::uint64_t mc = in.upTo(std::uint64_t(0xFFFF) << 1 | 1);
            r.model = static_cast<std::uint16_t>(mc >> 1);
            r.channel = static_cast<std::uint8_t>(mc & 1);
            r.input = static_cast<std::uint32_t>(in.upTo(kMaxU32));
            r.output = static_cast<std::uint32_t>(in.upTo(kMaxU32));
            r.cacheRead = static_cast<std::uint32_t>(in.upTo(kMaxU32));
            r.cacheWrite = static_cast<std::uint32_t>(in.upTo(kMaxU32));
            out.push_back(r);
        }
    }
    if (!in.atEnd())
        throw DatabaseError("malformed history chunk (trailing bytes)");
}

} // namespace tierlab::core
