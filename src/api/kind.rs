/// The five APIs the console administers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ApiKind {
    Dm,
    Solutions,
    A9s,
    Keboola,
    Spot,
}

impl ApiKind {
    pub const ALL: [ApiKind; 5] = [
        ApiKind::Dm,
        ApiKind::Solutions,
        ApiKind::A9s,
        ApiKind::Keboola,
        ApiKind::Spot,
    ];

    /// Stable short id, used in storage keys, config files and element ids.
    pub fn id(self) -> &'static str {
        match self {
            ApiKind::Dm => "dm",
            ApiKind::Solutions => "solutions",
            ApiKind::A9s => "a9s",
            ApiKind::Keboola => "keboola",
            ApiKind::Spot => "spot",
        }
    }

    pub fn from_id(id: &str) -> Option<ApiKind> {
        ApiKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// What operators call it.
    pub fn label(self) -> &'static str {
        match self {
            ApiKind::Dm => "Deployment Manager",
            ApiKind::Solutions => "Deployed Solutions",
            ApiKind::A9s => "a9s Data Services",
            ApiKind::Keboola => "Keboola Provisioning",
            ApiKind::Spot => "Spot",
        }
    }

    /// The console route of the API's area.
    pub fn route(self) -> &'static str {
        match self {
            ApiKind::Dm => "/deployment-manager",
            ApiKind::Solutions => "/solutions",
            ApiKind::A9s => "/a9s",
            ApiKind::Keboola => "/keboola",
            ApiKind::Spot => "/spot",
        }
    }

    /// What the credential is called on the Connections page.
    pub fn credential_label(self) -> &'static str {
        match self {
            ApiKind::Dm => "API token (sent as the Token header)",
            ApiKind::Solutions => "Bearer token",
            ApiKind::A9s => "Bearer token",
            ApiKind::Keboola => "Storage API token",
            ApiKind::Spot => "API token",
        }
    }
}
