-- SPDX-License-Identifier: MIT
-- TierLab workspace schema, version 3. A workspace is one SQLite file (.tierlab).
-- application_id 0x544C4142 ('TLAB') marks the file as a workspace; user_version is the
-- schema version. Older files are brought to this schema on open by the migrations in
-- core/store/workspace.cpp (2: datasets.has_history; 3: the curves table).

CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    json TEXT NOT NULL,                 -- the tierlab.scenario/1 document
    updated_at TEXT NOT NULL
);

CREATE TABLE catalog_prices (
    id INTEGER PRIMARY KEY,
    catalog TEXT NOT NULL,              -- 'litellm', 'genai-prices', 'tierlab'
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    input_per_mtok REAL,
    output_per_mtok REAL,
    cache_read_per_mtok REAL,
    cache_write_per_mtok REAL,
    threshold_tokens REAL,              -- long-context price threshold, input tokens
    input_above_per_mtok REAL,
    output_above_per_mtok REAL,
    max_input_tokens REAL,
    max_output_tokens REAL,
    mode TEXT NOT NULL DEFAULT '',
    as_of TEXT NOT NULL,                -- when the catalog was imported or dated
    source TEXT NOT NULL,               -- file it came from
    UNIQUE (catalog, model)
);

CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    source_file TEXT NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_skipped INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_write_tokens INTEGER NOT NULL,
    subscribers INTEGER NOT NULL,
    models INTEGER NOT NULL,
    daily_rows INTEGER NOT NULL,        -- aggregates: subscriber x model x channel x day
    first_us INTEGER,                   -- earliest request, microseconds (epoch or relative)
    last_us INTEGER,
    relative_time INTEGER NOT NULL,     -- 1 when times count from the trace start
    assumptions TEXT NOT NULL,          -- what the import assumed, one line each
    skipped_examples TEXT NOT NULL,     -- the first skipped rows, 'file:line: reason' each
    -- 1 when every request is stored as 'history' chunks (schema 2)
    has_history INTEGER NOT NULL DEFAULT 0
);

-- Aggregates of a data set as compact binary chunks (see core/store/datasetstore.h):
-- kind 'daily' (subscriber x model x channel x day), 'names' (dictionaries),
-- 'gaps' (log-binned gap histogram), 'hours' (requests by hour of the week), 'history'
-- (every request, grouped by subscriber in time order; core/store/historycodec.h).
CREATE TABLE dataset_chunks (
    dataset_id INTEGER NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    chunk INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (dataset_id, kind, chunk)
);

-- Operating curves imported from serving benchmark files (docs/curves.md): one row per
-- model x hardware x engine x precision x config, its points as the JSON form of
-- core/curves/curvejson.h (each point with its kind and source file and place).
CREATE TABLE curves (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,          -- "DeepSeek R1 0528 on h200 (SGLang, fp8)"
    format TEXT NOT NULL,               -- 'inferencex-dashboard', 'vllm-serving', ...
    source_files TEXT NOT NULL,         -- the files the points came from, one line each
    imported_at TEXT NOT NULL,
    points INTEGER NOT NULL,
    json TEXT NOT NULL
);

CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    created_at TEXT NOT NULL,
    format TEXT NOT NULL,
    data BLOB NOT NULL
);
