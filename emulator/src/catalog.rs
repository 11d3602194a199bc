//! The documented operations of each API, for the tally of what the browser tests exercised.
//! Spot's come from the generated catalog (`data/spot/emulator.json`, written by
//! `tools/spot-catalog`): one per route a router can tell apart, so the documented pairs that
//! differ only in a parameter's name count once.

use crate::api::Api;

const OPERATIONS: &str = include_str!("../data/operations.txt");
const SPOT: &str = include_str!("../../data/spot/emulator.json");

pub struct Catalog {
    ops: Vec<(Api, String, String)>,
}

impl Catalog {
    pub fn load() -> Catalog {
        let mut ops: Vec<(Api, String, String)> = Vec::new();
        for line in OPERATIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let mut it = line.split_whitespace();
            if let (Some(api), Some(method), Some(path)) = (it.next(), it.next(), it.next()) {
                if let Some(api) = Api::from_name(api) {
                    ops.push((api, method.into(), path.into()));
                }
            }
        }
        let spot: serde_json::Value = serde_json::from_str(SPOT).expect("generated catalog");
        for e in spot["endpoints"].as_array().into_iter().flatten() {
            let (Some(method), Some(path)) = (e["method"].as_str(), e["path"].as_str()) else {
                continue;
            };
            if !ops
                .iter()
                .any(|(a, m, p)| *a == Api::Spot && m == method && shape(p) == shape(path))
            {
                ops.push((Api::Spot, method.into(), path.into()));
            }
        }
        Catalog { ops }
    }

    pub fn operations(&self) -> impl Iterator<Item = (Api, &str, &str)> {
        self.ops
            .iter()
            .map(|(a, m, p)| (*a, m.as_str(), p.as_str()))
    }

    /// The documented template for a matched route. Parameter names may differ between the
    /// router and the document (one router segment can serve `{object_name}` and `{version}`),
    /// so parameters compare as wildcards.
    pub fn documented(&self, api: Api, method: &str, matched: &str) -> Option<&str> {
        let shape = shape(matched);
        self.ops
            .iter()
            .find(|(a, m, p)| *a == api && m == method && shape == self::shape(p))
            .map(|(_, _, p)| p.as_str())
    }
}

fn shape(template: &str) -> Vec<&str> {
    template
        .split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_documented_operations_per_api() {
        let c = Catalog::load();
        let count = |api| c.operations().filter(|(a, _, _)| *a == api).count();
        assert_eq!(count(Api::Dm), 53);
        assert_eq!(count(Api::Solutions), 9);
        assert_eq!(count(Api::A9s), 18);
        assert_eq!(count(Api::Keboola), 9);
        assert_eq!(count(Api::Spot), 332);
    }

    #[test]
    fn parameters_match_whatever_their_name() {
        let c = Catalog::load();
        assert_eq!(
            c.documented(Api::Dm, "DELETE", "/patches/{object_name}"),
            Some("/patches/{version}")
        );
        assert_eq!(
            c.documented(Api::Dm, "GET", "/patches/search"),
            Some("/patches/search")
        );
        assert_eq!(
            c.documented(Api::Dm, "GET", "/patches/{x}"),
            Some("/patches/{object_name}")
        );
    }
}
