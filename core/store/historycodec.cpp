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
    // Written through a pointer, with room checked before each run's header (three varints,
    // at most 30 bytes) and each request (at most 10 + 3 + 4 * 5): 12 bytes a request are
    // reserved (the benchmark file takes 10) and doubled if a chunk needs more.
    constexpr std::size_t perRequest = 4 * varint::kMaxBytes + 4 * 5;
    out.resize(m_pending.size() * 12 + perRequest);
    std::uint8_t* p = out.data();
    const auto room = [&] {
        if (static_cast<std::size_t>(out.data() + out.size() - p) < perRequest) {
            const std::size_t used = static_cast<std::size_t>(p - out.data());
            out.resize(out.size() * 2);
            p = out.data() + used;
        }
    };
    p = varint::put(p, kVersion);
    p = varint::put(p, static_cast<std::uint64_t>(unit));
    p = varint::put(p, runs);
    std::int64_t previousSubscriber = 0;
    for (std::size_t start = 0; start < m_pending.size();) {
        std::size_t end = start + 1;
        while (end < m_pending.size() && m_pending[end].subscriber == m_pending[start].subscriber)
            ++end;
        const HistoryRecord& first = m_pending[start];
        room();
        p = varint::put(p, varint::zigzag(std::int64_t(first.subscriber) - previousSubscriber));
        previousSubscriber = first.subscriber;
        p = varint::put(p, end - start);
        p = varint::put(p, varint::zigzag(first.timeMs / unit));
        for (std::size_t i = start; i < end; ++i) {
            const HistoryRecord& r = m_pending[i];
            room();
            if (i > start)
                p = varint::put(p, static_cast<std::uint64_t>((r.timeMs - m_pending[i - 1].timeMs) / unit));
            p = varint::put(p, std::uint64_t(r.model) << 1 | (r.channel & 1));
            p = varint::put(p, r.input);
            p = varint::put(p, r.output);
            p = varint::put(p, r.cacheRead);
            p = varint::put(p, r.cacheWrite);
        }
        start = end;
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
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
