"""Auditors' and operators' tools: the global event log, hash-chain and read-model checks."""
