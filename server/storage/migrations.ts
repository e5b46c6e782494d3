// Schema migrations, oldest first. Never edit a migration that has shipped: append a new one.

export const migrations: string[] = [
  `CREATE TABLE corpora (
     id          TEXT PRIMARY KEY,
     name        TEXT NOT NULL UNIQUE,
     source      TEXT NOT NULL CHECK (source IN ('bundled', 'user')),
     kind        TEXT NOT NULL CHECK (kind IN ('text', 'labelled')),
     description TEXT NOT NULL DEFAULT '',
     bytes       INTEGER NOT NULL,
     lines       INTEGER NOT NULL,
     words       INTEGER NOT NULL,
     unique_words INTEGER NOT NULL,
     labels      TEXT NOT NULL DEFAULT '[]',
     top_words   TEXT NOT NULL DEFAULT '[]',
     created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );`,
  `CREATE TABLE jobs (
     id          TEXT PRIMARY KEY,
     kind        TEXT NOT NULL,
     status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
     params      TEXT NOT NULL,
     progress    TEXT,
     result      TEXT,
     error       TEXT,
     created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     finished_at TEXT
   );
   CREATE INDEX jobs_created ON jobs (created_at);`,
  `CREATE TABLE tokenizers (
     id          TEXT PRIMARY KEY,
     name        TEXT NOT NULL UNIQUE,
     corpus_id   TEXT,
     mode        TEXT NOT NULL CHECK (mode IN ('byte', 'word')),
     vocab_size  INTEGER NOT NULL,
     merges      INTEGER NOT NULL,
     stats       TEXT NOT NULL DEFAULT '{}',
     created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );`,
  `CREATE TABLE gpt_runs (
     id            TEXT PRIMARY KEY,
     name          TEXT NOT NULL,
     corpus_id     TEXT NOT NULL,
     tokenizer     TEXT NOT NULL,
     place         TEXT NOT NULL CHECK (place IN ('server', 'browser')),
     status        TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'interrupted', 'done', 'failed')),
     model_config  TEXT NOT NULL,
     train_config  TEXT NOT NULL,
     backend       TEXT NOT NULL DEFAULT '',
     parameters    INTEGER NOT NULL DEFAULT 0,
     steps_done    INTEGER NOT NULL DEFAULT 0,
     best_val_loss REAL,
     job_id        TEXT,
     error         TEXT,
     created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );
   CREATE TABLE gpt_metrics (
     run_id         TEXT NOT NULL REFERENCES gpt_runs (id) ON DELETE CASCADE,
     step           INTEGER NOT NULL,
     loss           REAL,
     lr             REAL,
     tokens_per_sec REAL,
     ms_per_step    REAL,
     val_loss       REAL,
     bits_per_byte  REAL,
     sample         TEXT,
     PRIMARY KEY (run_id, step)
   );`,
  `CREATE TABLE word_vectors (
     id          TEXT PRIMARY KEY,
     name        TEXT NOT NULL UNIQUE,
     corpus_id   TEXT NOT NULL,
     config      TEXT NOT NULL,
     vocab_size  INTEGER NOT NULL,
     dim         INTEGER NOT NULL,
     stats       TEXT NOT NULL DEFAULT '{}',
     created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );`,
  `CREATE TABLE encoder_runs (
     id           TEXT PRIMARY KEY,
     name         TEXT NOT NULL,
     corpus_id    TEXT NOT NULL,
     tokenizer    TEXT NOT NULL,
     from_run     TEXT,
     place        TEXT NOT NULL CHECK (place IN ('server', 'browser')),
     status       TEXT NOT NULL CHECK (status IN ('running', 'stopped', 'interrupted', 'done', 'failed')),
     train_config TEXT NOT NULL,
     labels       TEXT NOT NULL DEFAULT '[]',
     backend      TEXT NOT NULL DEFAULT '',
     parameters   INTEGER NOT NULL DEFAULT 0,
     mlm_steps_done INTEGER NOT NULL DEFAULT 0,
     steps_done   INTEGER NOT NULL DEFAULT 0,
     best_val_f1  REAL,
     test_report  TEXT,
     baseline_report TEXT,
     job_id       TEXT,
     error        TEXT,
     created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
     updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );
   CREATE TABLE encoder_metrics (
     run_id          TEXT NOT NULL REFERENCES encoder_runs (id) ON DELETE CASCADE,
     stage           TEXT NOT NULL CHECK (stage IN ('mlm', 'finetune')),
     step            INTEGER NOT NULL,
     loss            REAL,
     lr              REAL,
     tokens_per_sec  REAL,
     mlm_loss        REAL,
     masked_accuracy REAL,
     val_macro_f1    REAL,
     val_accuracy    REAL,
     PRIMARY KEY (run_id, stage, step)
   );`,
  `CREATE TABLE pretrained_models (
     id          TEXT PRIMARY KEY,
     name        TEXT NOT NULL UNIQUE,
     family      TEXT NOT NULL CHECK (family IN ('gpt2', 'llama', 'bert')),
     config      TEXT NOT NULL,
     parameters  INTEGER NOT NULL,
     files       TEXT NOT NULL,
     has_onnx    INTEGER NOT NULL,
     source      TEXT NOT NULL,
     created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
   );`,
];
