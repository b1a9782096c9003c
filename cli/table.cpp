// SPDX-License-Identifier: MIT
#include "table.h"

#include <algorithm>
#include <cstddef>

namespace tierlab::cli {

namespace {
// Display width of UTF-8 text: count code points, not bytes.
std::size_t width(const std::string& s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}
} // namespace

Table::Table(std::vector<std::string> titles) {
    for (std::string& t : titles) {
        const bool left = !t.empty() && t.front() == '<';
        m_left.push_back(left);
        m_titles.push_back(left ? t.substr(1) : t);
    }
}

void Table::addRow(std::vector<std::string> cells) {
    cells.resize(m_titles.size());
    m_rows.push_back(std::move(cells));
}

std::string Table::render(const std::string& indent) const {
    std::vector<std::size_t> widths;
    for (const std::string& t : m_titles)
        widths.push_back(width(t));
    for (const auto& row : m_rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], width(row[c]));
    std::string out;
    const auto line = [&](const std::vector<std::string>& cells) {
        std::string text = indent;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(widths[c] - width(cells[c]), ' ');
            text += (c ? "  " : "") + (m_left[c] ? cells[c] + pad : pad + cells[c]);
        }
        while (!text.empty() && text.back() == ' ')
            text.pop_back();
        out += text + "\n";
    };
    line(m_titles);
    for (const auto& row : m_rows)
        line(row);
    return out;
}

std::string Table::renderMarkdown() const {
    const auto line = [](const std::vector<std::string>& cells) {
        std::string text = "|";
        for (const std::string& c : cells)
            text += " " + (c.empty() ? std::string() : c) + " |";
        return text + "\n";
    };
    std::string out = line(m_titles);
    std::string rule = "|";
    for (bool left : m_left)
        rule += left ? "---|" : "---:|";
    out += rule + "\n";
    for (const auto& row : m_rows)
        out += line(row);
    return out;
}

} // namespace tierlab::cli
