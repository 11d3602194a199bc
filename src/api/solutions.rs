//! Instabase Deployed Solutions: operations and response types (see `../shared/seeds/001_71d1cc89cd3a7a0b.txt`).
