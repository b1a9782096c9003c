// SPDX-License-Identifier: MIT
// A plain-text table: a header row, aligned columns, numbers to the right.
#pragma once

#include <string>
#include <vector>

namespace tierlab::cli {

class Table {
public:
    // A column whose title starts with '<' is left-aligned (the '<' is not shown).
    explicit Table(std::vector<std::string> titles);
    void addRow(std::vector<std::string> cells);
    std::string render(const std::string& indent = "  ") const;
    // The same as a Markdown (GitHub) table, columns aligned as in render().
    std::string renderMarkdown() const;

private:
    std::vector<std::string> m_titles;
    std::vector<bool> m_left;
    std::vector<std::vector<std::string>> m_rows;
};

} // namespace tierlab::cli
