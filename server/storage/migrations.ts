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
];
