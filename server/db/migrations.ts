/**
 * Schema migrations, applied in order at start inside one transaction each.
 * Append new migrations; never edit one that has shipped.
 */
export const migrations: readonly string[] = [
  /* 1: conventions, people, sessions, documents, the Yjs journal */ `
  CREATE TABLE conventions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL,
    line_width INTEGER NOT NULL DEFAULT 80,
    submission_deadline TEXT,
    signature_deadline TEXT,
    roster_date TEXT,
    rules TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
  );
  CREATE TABLE caucuses (
    id TEXT PRIMARY KEY,
    convention_id TEXT NOT NULL REFERENCES conventions(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('caucus', 'committee')),
    UNIQUE (convention_id, name)
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_staff INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE caucus_members (
    caucus_id TEXT NOT NULL REFERENCES caucuses(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (caucus_id, user_id)
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE roster (
    convention_id TEXT NOT NULL REFERENCES conventions(id),
    member_id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    chapter TEXT NOT NULL,
    good_standing INTEGER NOT NULL,
    delegate INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (convention_id, member_id)
  );
  CREATE INDEX roster_email ON roster(convention_id, email);
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    convention_id TEXT NOT NULL REFERENCES conventions(id),
    code TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('consensus', 'resolution', 'amendment')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'qualified', 'adopted', 'failed', 'withdrawn', 'final')),
    title TEXT NOT NULL DEFAULT '',
    caucus_id TEXT REFERENCES caucuses(id),
    base_id TEXT REFERENCES documents(id),
    base_version INTEGER,
    rationale TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (convention_id, code)
  );
  CREATE INDEX documents_base ON documents(base_id);
  CREATE TABLE document_versions (
    document_id TEXT NOT NULL REFERENCES documents(id),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (document_id, version)
  );
  CREATE TABLE yjs_journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    is_snapshot INTEGER NOT NULL DEFAULT 0,
    update_data BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX yjs_journal_doc ON yjs_journal(doc_id, id);
  CREATE TABLE signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    member_id TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    source TEXT NOT NULL DEFAULT 'online',
    signed_at TEXT NOT NULL,
    withdrawn_at TEXT,
    struck_at TEXT,
    struck_reason TEXT,
    UNIQUE (document_id, member_id)
  );
  `,
  /* 2: the workflow log and rebase proposals */ `
  CREATE TABLE document_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
  );
  CREATE INDEX document_events_doc ON document_events(document_id, id);
  CREATE TABLE rebase_proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    from_version INTEGER NOT NULL,
    to_version INTEGER NOT NULL,
    content TEXT NOT NULL,
    unapplied TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
    created_at TEXT NOT NULL,
    decided_by TEXT REFERENCES users(id),
    decided_at TEXT
  );
  CREATE INDEX rebase_proposals_doc ON rebase_proposals(document_id, status);
  `,
  /* 3: signatures (one live row per member and text), the hash-chained signature audit log, append-only */ `
  DROP TABLE signatures;
  CREATE TABLE signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    convention_id TEXT NOT NULL REFERENCES conventions(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    member_id TEXT NOT NULL,
    user_id TEXT REFERENCES users(id),
    source TEXT NOT NULL CHECK (source IN ('online', 'paper')),
    signed_at TEXT NOT NULL,
    entered_by TEXT REFERENCES users(id),
    note TEXT,
    withdrawn_at TEXT,
    struck_at TEXT,
    struck_by TEXT REFERENCES users(id),
    struck_reason TEXT,
    CHECK (struck_at IS NULL OR struck_reason IS NOT NULL),
    CHECK (withdrawn_at IS NULL OR struck_at IS NULL)
  );
  CREATE UNIQUE INDEX signatures_one_live_per_member ON signatures(document_id, member_id) WHERE withdrawn_at IS NULL;
  CREATE INDEX signatures_document ON signatures(document_id, signed_at);
  CREATE TABLE signature_audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('sign', 'withdraw', 'paper', 'strike')),
    convention_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
  );
  CREATE INDEX signature_audit_document ON signature_audit(document_id, seq);
  CREATE TRIGGER signature_audit_no_update BEFORE UPDATE ON signature_audit
  BEGIN SELECT RAISE(ABORT, 'signature_audit is append-only: entries cannot be changed'); END;
  CREATE TRIGGER signature_audit_no_delete BEFORE DELETE ON signature_audit
  BEGIN SELECT RAISE(ABORT, 'signature_audit is append-only: entries cannot be deleted'); END;
  `,
  /* 4: the Yjs journal without AUTOINCREMENT: each append also rewrote sqlite_sequence, one
     more page per commit. Row ids stay increasing per document: a document's new rows (and
     a compaction's snapshot) always get the largest id in the table.
     Indexes for what every request and sync connection asks about the signed-in person:
     their roster entry by email alone (roster_email leads with the convention, so this was
     a scan of the whole roster) and their caucuses. */ `
  CREATE TABLE yjs_journal_v4 (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    is_snapshot INTEGER NOT NULL DEFAULT 0,
    update_data BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  INSERT INTO yjs_journal_v4 (id, doc_id, is_snapshot, update_data, created_at)
    SELECT id, doc_id, is_snapshot, update_data, created_at FROM yjs_journal;
  DROP TABLE yjs_journal;
  ALTER TABLE yjs_journal_v4 RENAME TO yjs_journal;
  CREATE INDEX yjs_journal_doc ON yjs_journal(doc_id, id);
  DELETE FROM sqlite_sequence WHERE name = 'yjs_journal';
  CREATE INDEX roster_by_email ON roster(email);
  CREATE INDEX caucus_members_user ON caucus_members(user_id);
  `,
  /* 5: staff may restore a signature they struck by mistake: the log accepts a 'restore'
     event. SQLite cannot change a CHECK in place, so the log is copied into a new table
     entry for entry (the hashes cover the values, not the table), and its index and
     append-only triggers are made again. */ `
  CREATE TABLE signature_audit_v5 (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('sign', 'withdraw', 'paper', 'strike', 'restore')),
    convention_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    actor_id TEXT,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
  );
  INSERT INTO signature_audit_v5 SELECT seq, at, event, convention_id, document_id, member_id, actor_id, reason, prev_hash, hash FROM signature_audit;
  DROP TABLE signature_audit;
  ALTER TABLE signature_audit_v5 RENAME TO signature_audit;
  CREATE INDEX signature_audit_document ON signature_audit(document_id, seq);
  CREATE TRIGGER signature_audit_no_update BEFORE UPDATE ON signature_audit
  BEGIN SELECT RAISE(ABORT, 'signature_audit is append-only: entries cannot be changed'); END;
  CREATE TRIGGER signature_audit_no_delete BEFORE DELETE ON signature_audit
  BEGIN SELECT RAISE(ABORT, 'signature_audit is append-only: entries cannot be deleted'); END;
  `,
  /* 6: each version of an amendment names the base version it was drafted on: a rebase gives a
     submitted amendment a new version against the new base, and its earlier versions must still
     be read against theirs. Versions stored before this take their document's base version
     (right unless the amendment was rebased since). */ `
  ALTER TABLE document_versions ADD COLUMN base_version INTEGER;
  UPDATE document_versions SET base_version = (SELECT base_version FROM documents d WHERE d.id = document_versions.document_id);
  `,
  /* 7: export jobs and their files, stored so a restart or another process can poll, resume and
     download them; a file is kept by the key of its input (what was exported, in which format),
     so the same input is served again without rendering. */ `
  CREATE TABLE export_files (
    input_key TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE export_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    progress REAL NOT NULL DEFAULT 0,
    message TEXT NOT NULL,
    error TEXT,
    input_key TEXT REFERENCES export_files(input_key),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    heartbeat_at INTEGER,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE INDEX export_jobs_status ON export_jobs(status, created_at);
  CREATE INDEX export_jobs_owner ON export_jobs(owner_id, kind, format, status);
  `,
];
