//! a9s Public API v1: operations and response types (see `../shared/seeds/002_fe4c0720caeb2edd.txt`).
