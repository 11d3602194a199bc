//! Keboola Provisioning API: operations and response types (see `../shared/seeds/003_187ae9ac1c7dd4ef.txt`).
