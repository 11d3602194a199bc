//! Instabase Deployment Manager: operations and response types (see `../shared/seeds/000_42ecbf5a68bd64dd.txt`).
