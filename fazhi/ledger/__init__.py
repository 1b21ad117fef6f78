"""记账与透明日志: the append-only record of every official act, as a verifiable Merkle log.

Formats (public, fixed): docs/decisions/0001-ledger-format.md.

- `events`: the numbered event types, a range per module, checked at import;
- `services.record`: the one recorder; every service that changes an official record calls it
  inside its own transaction. `checkpoint_sign`, `witness_countersign`; `tasks` signs a
  checkpoint hourly while the log grows;
- `selectors`: a record's entries and accountability, proofs, proof bundles, checkpoints;
- `merkle`: RFC 9162 hashing, proofs and verification on hashlib (pure, no Django);
- `content`: an entry's content, canonical bytes and salted commitment; `keys`: Ed25519
  through `cryptography` and the checkpoint message;
- `verification`: `fazhi ledger verify` (management command `ledger`: verify, checkpoint,
  witness, keygen).

Why a small module on hashlib rather than pymerkle (7.0, which does implement RFC 9162
hashing and proofs correctly). The tree must live in the platform's own database, in the
caller's transaction, on SQLite and PostgreSQL alike: an entry and its leaf commit or roll back
together with the official act. pymerkle's storage backends are its in-memory tree and its own
SQLite file (`SqliteTree`), outside that transaction and with no PostgreSQL; using it would
mean writing a storage backend for it anyway. Its proofs are computed from the leaves (with an
in-process cache), where storing every complete subtree by (level, index) as it completes
makes any proof O(log n) primary-key reads in one query, cold, in any process. Its proof
objects are its own format, to be converted to the RFC 9162 audit paths that the decision
record publishes. And the offline verifier must check proofs with the standard library alone,
so the verification algorithms exist in plain Python regardless. What remains — the RFC's
hash functions, PATH and PROOF as ranges, and the §2.1.3.2/§2.1.4.2 verification loops — is
about 250 lines in `merkle.py`, tested against the Certificate Transparency test vectors
(transparency-dev/merkle) and against the RFC's recursive definitions on random trees.
Signatures are never hand-rolled: Ed25519 comes from `cryptography`.

Append path: `record` locks the one-row `LedgerHead` (SELECT … FOR UPDATE on PostgreSQL; on
SQLite the IMMEDIATE transaction already serialises writers), which holds the tree's size and
right edge; the new leaf completes O(log n) subtrees (two on average), stored in `MerkleNode`.
Four statements per entry (per 500 with `record_many`), in SQL through Django's cursor: through
the ORM an append was ≈ 7× slower here (docs/benchmarks.md).

Redaction is prepared for by the format (the tree holds salted commitments, never content)
but not implemented: no code path blanks an entry, and the PostgreSQL trigger refuses every
UPDATE and DELETE of entries, nodes, checkpoints and witness signatures.
"""
