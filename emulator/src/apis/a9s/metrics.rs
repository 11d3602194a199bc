//! Graphite datapoints (`<path> <value> <timestamp>`) for an instance, sampled every
//! [`INTERVAL`] seconds. Values are smooth functions of time, so they move between requests and
//! agree with each other across requests: CPU times are counters since boot, memory parts add up
//! to the total, the Parachute's percentages follow its disks.

use std::f64::consts::TAU;

use chrono::{DateTime, Utc};

use super::store::Profile;

/// Seconds between two samples.
pub const INTERVAL: i64 = 10;
/// How many samples an answer holds when `quantity` is absent.
pub const HISTORY: usize = 60;

fn wave(t: f64, period: f64, phase: f64) -> f64 {
    (TAU * t / period + phase).sin()
}

/// Milliseconds a core spent in a mode since boot, for a busy fraction
/// `base + amp·sin(2πt/period + phase)`: the integral, shifted to start at zero.
fn counter(since_boot: f64, t: f64, base: f64, amp: f64, period: f64, phase: f64) -> u64 {
    let k = amp * period / TAU;
    let integral = base * since_boot - k * (TAU * t / period + phase).cos() + k;
    (1_000.0 * integral).max(0.0) as u64
}

/// The newest `quantity` samples of every series (all [`HISTORY`] when `None`), oldest first.
pub fn lines(p: &Profile, now: DateTime<Utc>, quantity: Option<usize>) -> Vec<String> {
    let newest = now.timestamp() / INTERVAL * INTERVAL;
    let n = quantity.unwrap_or(HISTORY).min(HISTORY) as i64;
    let mut out = Vec::new();
    for k in (0..n).rev() {
        let ts = newest - k * INTERVAL;
        for (node, ns) in p.namespaces.iter().enumerate() {
            sample(&mut out, p, ns, node, ts, k == 0);
        }
    }
    out
}

fn sample(out: &mut Vec<String>, p: &Profile, ns: &str, node: usize, ts: i64, newest: bool) {
    let mut push = |specific: &str, value: u64, stamp: i64| {
        out.push(format!("{ns}.{specific} {value} {stamp}"));
    };
    let flag = |b: bool| u64::from(b);
    let t = ts as f64;
    let phase = p.phase + node as f64 * 1.3;
    let since_boot = (ts - p.boot.timestamp()).max(0) as f64;

    push("system.cpu.error", flag(p.broken), ts);
    if !p.broken {
        for c in 0..p.cores {
            let ph = phase + f64::from(c) * 0.9;
            let user = counter(since_boot, t, 0.22, 0.14, 600.0, ph);
            let system = counter(since_boot, t, 0.07, 0.04, 420.0, ph + 1.1);
            let total = (since_boot * 1_000.0) as u64;
            let idle = total.saturating_sub(user + system);
            push(&format!("system.cpu{c}.user"), user, ts);
            push(&format!("system.cpu{c}.system"), system, ts);
            push(&format!("system.cpu{c}.idle"), idle, ts);
        }
    }

    push("system.load.error", flag(p.broken), ts);
    if !p.broken {
        let base = 0.45 * f64::from(p.cores);
        let load =
            |amp: f64, period: f64| ((base + amp * wave(t, period, phase)) * 1e6).max(0.0) as u64;
        push("system.load.load1", load(0.6, 300.0), ts);
        // The document's example carries an 11-digit timestamp on load5; so does one instance.
        let odd = if p.odd_timestamp && newest && node == 0 {
            ts * 10 + 7
        } else {
            ts
        };
        push("system.load.load5", load(0.35, 900.0), odd);
        push("system.load.load15", load(0.2, 2_700.0), ts);
    }

    let total = p.memory as f64;
    let used = (total * (0.55 + 0.1 * wave(t, 1_200.0, phase))) as u64;
    let buffers = (total * 0.03) as u64;
    let cached = (total * (0.15 + 0.03 * wave(t, 1_800.0, phase + 0.5))) as u64;
    let free = p.memory.saturating_sub(used + buffers + cached);
    push("system.memory.error", 0, ts);
    push("system.memory.total", p.memory, ts);
    push("system.memory.used", used, ts);
    push("system.memory.free", free, ts);
    push("system.memory.shared", (total * 0.005) as u64, ts);
    push("system.memory.buffers", buffers, ts);
    push("system.memory.cached", cached, ts);

    let swap_used = (p.swap as f64 * (0.02 + 0.01 * wave(t, 900.0, phase))) as u64;
    push("system.swap.error", 0, ts);
    push("system.swap.total", p.swap, ts);
    push("system.swap.used", swap_used, ts);
    push("system.swap.free", p.swap - swap_used, ts);

    push("system.disk.error", 0, ts);
    let disk = |name: &str| -> Option<(u64, u64, u64)> {
        let &(_, total, start) = p.disks.iter().find(|d| d.0 == name)?;
        let grown = start + 0.002 * since_boot / 3_600.0 + 0.002 * wave(t, 600.0, phase);
        let used = (total as f64 * grown.clamp(0.0, 0.95)) as u64;
        let free = ((total as f64 * 0.95) as u64).saturating_sub(used);
        Some((total, used, free))
    };
    for &(name, _, _) in &p.disks {
        let (total, used, free) = disk(name).unwrap_or_default();
        push(&format!("system.disk.{name}.error"), 0, ts);
        push(&format!("system.disk.{name}.total"), total, ts);
        push(&format!("system.disk.{name}.used"), used, ts);
        push(&format!("system.disk.{name}.free"), free, ts);
    }

    let disks: Vec<(&str, u64, u64, u64, u64, u64)> = p
        .parachute
        .iter()
        .filter_map(|&(name, threshold)| {
            let (total, used, free) = disk(name)?;
            let percent = (100.0 * used as f64 / (used + free).max(1) as f64).round() as u64;
            Some((name, total, used, free, percent, threshold))
        })
        .collect();
    let activated = disks.iter().any(|d| d.4 >= d.5);
    push("parachute.error", flag(p.broken), ts);
    push("parachute.activated", flag(activated), ts);
    for (name, total, used, free, percent, threshold) in disks {
        push(&format!("parachute.disk.{name}.error"), 0, ts);
        push(&format!("parachute.disk.{name}.total"), total, ts);
        push(&format!("parachute.disk.{name}.used"), used, ts);
        push(&format!("parachute.disk.{name}.used_percent"), percent, ts);
        push(
            &format!("parachute.disk.{name}.used_threshold"),
            threshold,
            ts,
        );
        push(&format!("parachute.disk.{name}.free"), free, ts);
        push(
            &format!("parachute.disk.{name}.activated"),
            flag(percent >= threshold),
            ts,
        );
    }
}
