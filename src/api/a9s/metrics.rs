//! The metrics call's Graphite datapoints (`<path> <value> <timestamp>`), parsed into series,
//! and the views the dashboard charts: CPU per core from counter deltas, load averages,
//! memory, swap, disks and the a9s Parachute.
//!
//! A path is `<namespace>.<type>.<specific>`, and each part may itself contain dots (the disk
//! named `system`, namespaces of 2 to 6 segments), so the type is found by trying each
//! `.system.` / `.parachute.` boundary from the left until the rest is a documented specific.
//! Lines that cannot be read (wrong token count, a value that is not a number, a timestamp
//! that is not seconds since the epoch such as the document's 11-digit `15943807720`) are
//! skipped and counted, never fatal.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The datapoint type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    System,
    Parachute,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::System => "system",
            Kind::Parachute => "parachute",
        }
    }
}

/// Which series a datapoint belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeriesKey {
    /// The component under observation, e.g. `keyvalue.0` or
    /// `<org>.<space>.<instance>.<deployment>.pg.0`; one per node.
    pub namespace: String,
    pub kind: Kind,
    /// E.g. `cpu0.user`, `disk.persistent.free`, `activated`.
    pub specific: String,
}

/// One parsed line.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub key: SeriesKey,
    /// The specific is one the document lists (unknown ones are kept as series too).
    pub known: bool,
    pub value: f64,
    /// Seconds since the epoch.
    pub timestamp: i64,
}

/// A line that was not used, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub line: String,
    pub reason: String,
}

/// `(timestamp seconds, value)`, oldest first.
pub type Points = Vec<(i64, f64)>;

/// A labelled series, ready for a chart.
pub type Named = (String, Points);

/// Timestamps at or above this are not seconds since the epoch (year 2286+).
const MAX_TIMESTAMP: i64 = 10_000_000_000;

/// Does `spec` name a documented specific of `kind`?
fn known(kind: Kind, spec: &str) -> bool {
    let (head, field) = match spec.rsplit_once('.') {
        Some(x) => x,
        None => ("", spec),
    };
    let in_list = |list: &[&str]| list.contains(&field);
    match kind {
        Kind::System => match head {
            "load" => in_list(&["error", "load1", "load5", "load15"]),
            "cpu" | "memory" | "swap" | "disk" if field == "error" => true,
            "memory" => in_list(&["total", "used", "free", "shared", "buffers", "cached"]),
            "swap" => in_list(&["total", "used", "free"]),
            _ => {
                if let Some(n) = head.strip_prefix("cpu") {
                    !n.is_empty()
                        && n.bytes().all(|b| b.is_ascii_digit())
                        && in_list(&["user", "system", "idle"])
                } else if let Some(name) = head.strip_prefix("disk.") {
                    !name.is_empty() && in_list(&["error", "total", "used", "free"])
                } else {
                    false
                }
            }
        },
        Kind::Parachute => match head {
            "" => in_list(&["error", "activated"]),
            _ => head.strip_prefix("disk.").is_some_and(|name| {
                !name.is_empty()
                    && in_list(&[
                        "error",
                        "total",
                        "used",
                        "free",
                        "used_percent",
                        "used_threshold",
                        "activated",
                    ])
            }),
        },
    }
}

/// Splits a path into namespace, type and specific; `bool` says whether the specific is a
/// documented one. `None` when no `system` or `parachute` part can be found.
pub fn split_path(path: &str) -> Option<(String, Kind, String, bool)> {
    // A leading dot lets a path without a namespace (`system.cpu0.user`) match too.
    let dotted = format!(".{path}");
    let mut candidates: Vec<(usize, Kind)> = Vec::new();
    for (kind, marker) in [(Kind::System, ".system."), (Kind::Parachute, ".parachute.")] {
        candidates.extend(dotted.match_indices(marker).map(|(i, _)| (i, kind)));
    }
    candidates.sort_by_key(|c| c.0);
    let pieces = |(i, kind): (usize, Kind)| {
        let marker = 2 + kind.as_str().len();
        let ns = dotted[1..i.max(1)].to_string();
        let spec = dotted[i + marker..].to_string();
        (ns, kind, spec)
    };
    let found = candidates
        .iter()
        .map(|c| pieces(*c))
        .find(|(_, kind, spec)| known(*kind, spec));
    if let Some((ns, kind, spec)) = found {
        return Some((ns, kind, spec, true));
    }
    candidates
        .iter()
        .map(|c| pieces(*c))
        .find(|(_, _, spec)| !spec.is_empty())
        .map(|(ns, kind, spec)| (ns, kind, spec, false))
}

/// A plain decimal number (`-12`, `3.5`); the documents send nothing else. Read by hand:
/// the standard float parser is sizeable in WebAssembly.
fn decimal(s: &str) -> Option<f64> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let mut v = 0.0;
    for b in int.bytes() {
        v = v * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 1.0;
    for b in frac.bytes() {
        scale /= 10.0;
        v += f64::from(b - b'0') * scale;
    }
    Some(if neg { -v } else { v })
}

/// Reads one `<path> <value> <timestamp>` line.
pub fn parse_line(line: &str) -> Result<Point, String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let [path, value, timestamp] = tokens[..] else {
        return Err(format!(
            "expected \"<path> <value> <timestamp>\", found {} part{}",
            tokens.len(),
            if tokens.len() == 1 { "" } else { "s" }
        ));
    };
    let Some((namespace, kind, specific, known)) = split_path(path) else {
        return Err(format!("{path} has no system or parachute part"));
    };
    let value = decimal(value).ok_or_else(|| format!("value {value:?} is not a number"))?;
    let mut timestamp: i64 = timestamp
        .parse()
        .map_err(|_| format!("timestamp {timestamp:?} is not a whole number of seconds"))?;
    // The rule for the document's odd lines: an 11-digit timestamp is seconds followed by one
    // digit of tenths, so its first ten digits are the seconds. The document's own example
    // sends `load5` and `load15` at `15943807720` beside `1594380720`: read this way they are
    // samples of 1594380772, 52 s later, rather than the year 2475 (or nothing). Longer ones
    // (milliseconds and beyond) are not what the document shows and stay unread.
    if (MAX_TIMESTAMP..MAX_TIMESTAMP * 10).contains(&timestamp) {
        timestamp /= 10;
    }
    if !(0..MAX_TIMESTAMP).contains(&timestamp) {
        return Err(format!(
            "timestamp {timestamp} is not seconds since the epoch ({} digits)",
            timestamp.unsigned_abs().to_string().len()
        ));
    }
    Ok(Point {
        key: SeriesKey {
            namespace,
            kind,
            specific,
        },
        known,
        value,
        timestamp,
    })
}

/// The string literals of a body that is meant to be a JSON array of strings but is not valid
/// JSON (the document's own example misses a comma and has a trailing one). A body that does
/// not end its list was cut short: nothing of it is shown as if it were the answer.
fn string_literals(body: &str) -> Option<Vec<String>> {
    let body = body.trim();
    if !body.starts_with('[') || !body.ends_with(']') {
        return None;
    }
    let mut out = Vec::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut raw = String::from('"');
        let mut closed = false;
        while let Some(c) = chars.next() {
            raw.push(c);
            match c {
                '\\' => raw.extend(chars.next()),
                '"' => {
                    closed = true;
                    break;
                }
                _ => {}
            }
        }
        if !closed {
            break;
        }
        out.push(
            serde_json::from_str::<String>(&raw)
                .unwrap_or_else(|_| raw.trim_matches('"').to_string()),
        );
    }
    Some(out)
}

/// Every series of one metrics answer, and what was skipped.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Metrics {
    pub series: BTreeMap<SeriesKey, Points>,
    pub skipped: Vec<Skipped>,
    /// Lines read (used or skipped).
    pub lines: usize,
    /// The answer was not valid JSON; its strings were read one by one.
    pub repaired: bool,
}

impl Metrics {
    /// Reads an answer body. `None` when it is neither a JSON array nor something that looks
    /// like one (a list cut short included).
    pub fn from_body(body: &str) -> Option<Metrics> {
        let mut m = Metrics::default();
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Array(items)) => {
                for item in items {
                    match item {
                        Value::String(line) => m.push_line(&line),
                        other => {
                            m.lines += 1;
                            m.skipped.push(Skipped {
                                line: other.to_string(),
                                reason: "not a string".into(),
                            });
                        }
                    }
                }
            }
            Ok(_) => return None,
            Err(_) => {
                for line in string_literals(body)? {
                    m.push_line(&line);
                }
                m.repaired = true;
            }
        }
        Some(m)
    }

    /// Parses lines given as text.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Metrics {
        let mut m = Metrics::default();
        for l in lines {
            m.push_line(l);
        }
        m
    }

    /// Adds one line: a point to its series (a repeated timestamp replaces the earlier value),
    /// or a skipped line.
    pub fn push_line(&mut self, line: &str) {
        self.lines += 1;
        match parse_line(line) {
            Ok(p) => {
                let points = self.series.entry(p.key).or_default();
                match points.binary_search_by_key(&p.timestamp, |x| x.0) {
                    Ok(i) => points[i].1 = p.value,
                    Err(i) => points.insert(i, (p.timestamp, p.value)),
                }
            }
            Err(reason) => self.skipped.push(Skipped {
                line: line.to_string(),
                reason,
            }),
        }
    }

    pub fn skipped_count(&self) -> usize {
        self.skipped.len()
    }

    /// The namespaces (one per node), sorted.
    pub fn nodes(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.series.keys().map(|k| &k.namespace).collect();
        set.into_iter().cloned().collect()
    }

    /// A short name for a node: its last two segments (`pg.0`, `keyvalue.2`).
    pub fn node_label(namespace: &str) -> String {
        let parts: Vec<&str> = namespace.rsplitn(3, '.').collect();
        match parts.as_slice() {
            [node, service, _] | [node, service] => format!("{service}.{node}"),
            _ => namespace.to_string(),
        }
    }

    /// The oldest and newest timestamps of every series.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let stamps = self.series.values().flatten().map(|p| p.0);
        let min = stamps.clone().min()?;
        Some((min, stamps.max()?))
    }

    /// The points of one series (empty when absent).
    pub fn get(&self, ns: &str, kind: Kind, specific: &str) -> &[(i64, f64)] {
        self.series
            .get(&SeriesKey {
                namespace: ns.to_string(),
                kind,
                specific: specific.to_string(),
            })
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn latest(&self, ns: &str, kind: Kind, specific: &str) -> Option<f64> {
        self.get(ns, kind, specific).last().map(|p| p.1)
    }

    /// A 0/1 flag's latest value.
    pub fn flag(&self, ns: &str, kind: Kind, specific: &str) -> Option<bool> {
        self.latest(ns, kind, specific).map(|v| v != 0.0)
    }

    fn value_at(&self, ns: &str, kind: Kind, specific: &str, ts: i64) -> Option<f64> {
        let pts = self.get(ns, kind, specific);
        pts.binary_search_by_key(&ts, |p| p.0)
            .ok()
            .map(|i| pts[i].1)
    }

    /// The collector reported an error for that sample.
    fn failed_at(&self, ns: &str, specific: &str, ts: i64) -> bool {
        self.value_at(ns, Kind::System, specific, ts)
            .is_some_and(|v| v != 0.0)
    }

    /// Names of the sub-series `<prefix><name>.<field>` under `kind`, sorted.
    fn names(&self, ns: &str, kind: Kind, prefix: &str) -> Vec<String> {
        let set: BTreeSet<String> = self
            .series
            .keys()
            .filter(|k| k.namespace == ns && k.kind == kind)
            .filter_map(|k| {
                let rest = k.specific.strip_prefix(prefix)?;
                let (name, _) = rest.rsplit_once('.')?;
                (!name.is_empty()).then(|| name.to_string())
            })
            .collect();
        set.into_iter().collect()
    }

    /// The CPU numbers of a node, in order.
    pub fn cores(&self, ns: &str) -> Vec<u32> {
        let mut cores: Vec<u32> = self
            .names(ns, Kind::System, "cpu")
            .iter()
            .filter_map(|n| n.parse().ok())
            .collect();
        cores.sort_unstable();
        cores
    }

    /// `(timestamp, user, system, idle)` counters of a core, where all three are known.
    fn cpu_counters(&self, ns: &str, core: u32) -> Vec<(i64, f64, f64, f64)> {
        let user = self.get(ns, Kind::System, &format!("cpu{core}.user"));
        user.iter()
            .filter(|(ts, _)| !self.failed_at(ns, "cpu.error", *ts))
            .filter_map(|&(ts, u)| {
                let s = self.value_at(ns, Kind::System, &format!("cpu{core}.system"), ts)?;
                let i = self.value_at(ns, Kind::System, &format!("cpu{core}.idle"), ts)?;
                Some((ts, u, s, i))
            })
            .collect()
    }

    /// Busy percent per core between consecutive samples: `Δ(user+system) / Δ(user+system+idle)`.
    /// Intervals where a counter went down (a reboot) or nothing elapsed are left out.
    /// The last series, `all`, sums the deltas of every core.
    pub fn cpu_percent(&self, ns: &str) -> Vec<Named> {
        let mut out = Vec::new();
        let mut all: BTreeMap<i64, (f64, f64, usize)> = BTreeMap::new();
        let cores = self.cores(ns);
        for &core in &cores {
            let counters = self.cpu_counters(ns, core);
            let mut points = Vec::new();
            for w in counters.windows(2) {
                let (_, u0, s0, i0) = w[0];
                let (ts, u1, s1, i1) = w[1];
                let (du, ds, di) = (u1 - u0, s1 - s0, i1 - i0);
                let total = du + ds + di;
                if du < 0.0 || ds < 0.0 || di < 0.0 || total <= 0.0 {
                    continue;
                }
                points.push((ts, 100.0 * (du + ds) / total));
                let e = all.entry(ts).or_default();
                e.0 += du + ds;
                e.1 += total;
                e.2 += 1;
            }
            out.push((format!("cpu{core}"), points));
        }
        if cores.len() > 1 {
            let points = all
                .into_iter()
                .filter(|(_, (_, _, n))| *n == cores.len())
                .map(|(ts, (busy, total, _))| (ts, 100.0 * busy / total))
                .collect();
            out.push(("all".to_string(), points));
        }
        out
    }

    /// Busy percent per core since boot, from the newest sample (all a single sample allows).
    pub fn cpu_since_boot(&self, ns: &str) -> Vec<(String, f64)> {
        self.cores(ns)
            .into_iter()
            .filter_map(|core| {
                let &(_, u, s, i) = self.cpu_counters(ns, core).last()?;
                let total = u + s + i;
                (total > 0.0).then(|| (format!("cpu{core}"), 100.0 * (u + s) / total))
            })
            .collect()
    }

    /// Load averages over 1, 5 and 15 minutes (the values are sent multiplied by 1,000,000);
    /// samples whose `load.error` is 1 are left out.
    pub fn load(&self, ns: &str) -> Vec<Named> {
        [("1 min", "load1"), ("5 min", "load5"), ("15 min", "load15")]
            .into_iter()
            .map(|(label, field)| {
                let points = self
                    .get(ns, Kind::System, &format!("load.{field}"))
                    .iter()
                    .filter(|(ts, _)| !self.failed_at(ns, "load.error", *ts))
                    .map(|&(ts, v)| (ts, v / 1_000_000.0))
                    .collect();
                (label.to_string(), points)
            })
            .collect()
    }

    /// Memory in bytes: used, cached, buffers, free, and `other` when they do not add up to
    /// the total (SReclaimable and the like).
    pub fn memory(&self, ns: &str) -> Vec<Named> {
        let parts = ["used", "cached", "buffers", "free"];
        let mut out: Vec<Named> = parts
            .iter()
            .map(|p| {
                (
                    p.to_string(),
                    self.get(ns, Kind::System, &format!("memory.{p}")).to_vec(),
                )
            })
            .collect();
        let other: Points = self
            .get(ns, Kind::System, "memory.total")
            .iter()
            .filter_map(|&(ts, total)| {
                let sum: Option<f64> = parts
                    .iter()
                    .map(|p| self.value_at(ns, Kind::System, &format!("memory.{p}"), ts))
                    .sum();
                Some((ts, (total - sum?).max(0.0)))
            })
            .collect();
        if other.iter().any(|p| p.1 > 0.0) {
            out.push(("other".to_string(), other));
        }
        out
    }

    pub fn memory_total(&self, ns: &str) -> Option<f64> {
        self.latest(ns, Kind::System, "memory.total")
    }

    pub fn swap(&self, ns: &str) -> Usage {
        self.usage(ns, Kind::System, "swap", None)
    }

    /// Every disk of a node (`disk.<name>.*`), in name order.
    pub fn disks(&self, ns: &str) -> Vec<Usage> {
        self.names(ns, Kind::System, "disk.")
            .into_iter()
            .map(|name| self.usage(ns, Kind::System, &format!("disk.{name}"), Some(name)))
            .collect()
    }

    fn usage(&self, ns: &str, kind: Kind, prefix: &str, name: Option<String>) -> Usage {
        let field = |f: &str| format!("{prefix}.{f}");
        Usage {
            name: name.unwrap_or_else(|| prefix.to_string()),
            total: self.latest(ns, kind, &field("total")),
            used: self.get(ns, kind, &field("used")).to_vec(),
            free: self.get(ns, kind, &field("free")).to_vec(),
            error: self.flag(ns, kind, &field("error")).unwrap_or(false),
        }
    }

    /// The a9s Parachute of a node.
    pub fn parachute(&self, ns: &str) -> Parachute {
        let k = Kind::Parachute;
        let disks = self
            .names(ns, k, "disk.")
            .into_iter()
            .map(|name| {
                let f = |field: &str| format!("disk.{name}.{field}");
                ParachuteDisk {
                    used_percent: self.get(ns, k, &f("used_percent")).to_vec(),
                    threshold: self.latest(ns, k, &f("used_threshold")),
                    activated: self.flag(ns, k, &f("activated")),
                    error: self.flag(ns, k, &f("error")).unwrap_or(false),
                    name,
                }
            })
            .collect();
        Parachute {
            reported: self.series.keys().any(|s| s.namespace == ns && s.kind == k),
            error: self.flag(ns, k, "error").unwrap_or(false),
            activated: self.flag(ns, k, "activated"),
            disks,
        }
    }

    /// The collectors of a node whose newest `error` flag is 1.
    pub fn errors(&self, ns: &str) -> Vec<String> {
        self.series
            .iter()
            .filter(|(k, pts)| {
                k.namespace == ns
                    && (k.specific == "error" || k.specific.ends_with(".error"))
                    && pts.last().is_some_and(|p| p.1 != 0.0)
            })
            .map(|(k, _)| {
                let what = k.specific.trim_end_matches("error").trim_end_matches('.');
                match (k.kind, what) {
                    (Kind::Parachute, "") => "parachute".to_string(),
                    (Kind::Parachute, w) => format!("parachute {}", w.replace('.', " ")),
                    (Kind::System, w) => w.replace('.', " "),
                }
            })
            .collect()
    }
}

/// Used and free bytes of a swap area or a disk.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Usage {
    pub name: String,
    /// Latest total, bytes.
    pub total: Option<f64>,
    pub used: Points,
    /// Disks: without the 5 % reserved for root.
    pub free: Points,
    pub error: bool,
}

impl Usage {
    /// A swap or disk of size zero (a node without swap).
    pub fn is_empty(&self) -> bool {
        self.total == Some(0.0)
    }

    /// Latest used share of the total, percent.
    pub fn used_percent(&self) -> Option<f64> {
        let total = self.total.filter(|t| *t > 0.0)?;
        Some(100.0 * self.used.last()?.1 / total)
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ParachuteDisk {
    pub name: String,
    pub used_percent: Points,
    /// Percent at which the Parachute activates.
    pub threshold: Option<f64>,
    pub activated: Option<bool>,
    pub error: bool,
}

/// The a9s Parachute (disk-full protection) of a node.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Parachute {
    /// Any parachute line was sent for the node.
    pub reported: bool,
    pub error: bool,
    pub activated: Option<bool>,
    pub disks: Vec<ParachuteDisk>,
}
