//! A line or stacked-area chart in SVG: labelled series of `(x, y)` points, axes with units,
//! a legend with each series' latest value. No styles are inlined (the CSP forbids them):
//! colours are SVG attributes from a palette readable on light and dark backgrounds.

use leptos::prelude::*;

/// One labelled series; points in any order (they are sorted by x).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChartSeries {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

impl ChartSeries {
    pub fn new(label: impl Into<String>, points: Vec<(f64, f64)>) -> ChartSeries {
        ChartSeries {
            label: label.into(),
            points,
        }
    }
}

/// What the y values measure.
#[derive(Clone, Debug, PartialEq)]
pub enum Unit {
    /// 0–100.
    Percent,
    /// Shown in binary units (KiB, MiB, GiB).
    Bytes,
    /// A plain number with an optional unit word after it.
    Plain(&'static str),
}

impl Unit {
    pub fn format(&self, v: f64) -> String {
        match self {
            Unit::Percent => format!("{} %", trim_number(v)),
            Unit::Bytes => format_bytes(v),
            Unit::Plain("") => trim_number(v),
            Unit::Plain(word) => format!("{} {word}", trim_number(v)),
        }
    }
}

/// What the x values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XAxis {
    /// Seconds since the epoch, labelled as UTC clock times.
    EpochSeconds,
    /// Plain numbers.
    Number,
}

impl XAxis {
    fn format(self, v: f64, span: f64) -> String {
        match self {
            XAxis::EpochSeconds => {
                let abs = crate::time::absolute((v * 1_000.0) as i64);
                // `2024-03-02 09:12:44 UTC`: the clock time, with seconds for short spans.
                let end = if span < 600.0 { 19 } else { 16 };
                abs.get(11..end).unwrap_or(&abs).to_string()
            }
            XAxis::Number => trim_number(v),
        }
    }
}

/// `v` with exactly `decimals` decimals (at most 6), by integer arithmetic: formatting floats
/// with `{:.1}` would pull Rust's float printing into the WebAssembly.
pub fn fixed(v: f64, decimals: u32) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let scale = 10u64.pow(decimals.min(6));
    let n = (v.abs() * scale as f64 + 0.5) as u64;
    let sign = if v < 0.0 && n > 0 { "-" } else { "" };
    let (whole, frac) = (n / scale, n % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!(
            "{sign}{whole}.{frac:0width$}",
            width = decimals.min(6) as usize
        )
    }
}

/// At most one decimal, none when whole.
fn trim_number(v: f64) -> String {
    let s = fixed(v, 1);
    match s.strip_suffix(".0") {
        Some(whole) if whole != "-0" => whole.to_string(),
        Some(_) => "0".into(),
        None => s,
    }
}

/// Bytes in binary units: `512 B`, `1.5 KiB`, `3.9 GiB`.
pub fn format_bytes(v: f64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    // Beyond 1024 PiB (or not a number) no real size is meant: say so rather than a confident
    // "16384.0 PiB".
    if !v.is_finite() || v.abs() >= 1_152_921_504_606_846_976.0 {
        return "unreadable".into();
    }
    let mut x = v.abs();
    let mut i = 0;
    while x >= 1_024.0 && i + 1 < UNITS.len() {
        x /= 1_024.0;
        i += 1;
    }
    let sign = if v < 0.0 { "-" } else { "" };
    if i == 0 {
        format!("{sign}{} B", x.round())
    } else {
        format!("{sign}{} {}", fixed(x, 1), UNITS[i])
    }
}

/// A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) that splits `span` into about `count` parts.
pub fn nice_step(span: f64, count: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / count.max(1) as f64;
    // The power of ten at or below `raw`, without logarithms.
    let mut mag = 1.0;
    while mag > raw {
        mag /= 10.0;
    }
    while mag * 10.0 <= raw {
        mag *= 10.0;
    }
    let norm = raw / mag;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|n| *n >= norm - 1e-9)
        .unwrap_or(10.0);
    nice * mag
}

/// Tick values from `min` up to `max`, multiples of a nice step.
pub fn ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    let step = nice_step(max - min, count);
    let first = (min / step).ceil() * step;
    let mut out = Vec::new();
    let mut v = first;
    while v <= max + step * 1e-9 && out.len() < 50 {
        out.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        v += step;
    }
    out
}

/// The data ranges drawn: y always includes 0 and, when given, `y_max`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Bounds {
    pub fn of(layers: &[Vec<(f64, f64)>], y_max: Option<f64>) -> Option<Bounds> {
        let all = || layers.iter().flatten();
        let x0 = all().map(|p| p.0).fold(f64::INFINITY, f64::min);
        let x1 = all().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
        let top = all().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
        let low = all().map(|p| p.1).fold(f64::INFINITY, f64::min);
        if !x0.is_finite() {
            return None;
        }
        let y0 = low.min(0.0);
        let mut y1 = top.max(y_max.unwrap_or(f64::NEG_INFINITY));
        if y1 <= y0 {
            y1 = y0 + 1.0;
        }
        // Round the top up to a tick so the highest line does not touch the frame.
        let step = nice_step(y1 - y0, 4);
        let y1 = (y1 / step).ceil() * step;
        let (x0, x1) = if x1 > x0 {
            (x0, x1)
        } else {
            (x0 - 1.0, x1 + 1.0)
        };
        Some(Bounds { x0, x1, y0, y1 })
    }
}

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;

/// Where a data point lands in the SVG's coordinates.
pub fn project(b: &Bounds, (x, y): (f64, f64)) -> (f64, f64) {
    let px = LEFT + (x - b.x0) / (b.x1 - b.x0) * (W - LEFT - RIGHT);
    let py = TOP + (1.0 - (y - b.y0) / (b.y1 - b.y0)) * (H - TOP - BOTTOM);
    (px, py)
}

/// An SVG path through the points (`M x y L x y …`).
pub fn line_path(b: &Bounds, points: &[(f64, f64)]) -> String {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (x, y) = project(b, *p);
            format!(
                "{}{} {}",
                if i == 0 { "M" } else { " L" },
                fixed(x, 1),
                fixed(y, 1)
            )
        })
        .collect()
}

/// A closed area between `upper` and `lower` (same x values), for stacked charts.
pub fn area_path(b: &Bounds, upper: &[(f64, f64)], lower: &[(f64, f64)]) -> String {
    if upper.is_empty() {
        return String::new();
    }
    let mut d = line_path(b, upper);
    for p in lower.iter().rev() {
        let (x, y) = project(b, *p);
        d.push_str(&format!(" L{} {}", fixed(x, 1), fixed(y, 1)));
    }
    d.push_str(" Z");
    d
}

/// Sorted copies of each series' points; with `stacked`, each layer is the running sum of the
/// series before it over the union of x values (a missing value counts as 0).
pub fn layers(series: &[ChartSeries], stacked: bool) -> Vec<Vec<(f64, f64)>> {
    let sorted: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| {
            let mut p: Vec<(f64, f64)> = s
                .points
                .iter()
                .copied()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect();
            p.sort_by(|a, b| a.0.total_cmp(&b.0));
            p
        })
        .collect();
    if !stacked {
        return sorted;
    }
    let mut xs: Vec<f64> = sorted.iter().flatten().map(|p| p.0).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let mut running = vec![0.0; xs.len()];
    sorted
        .iter()
        .map(|s| {
            xs.iter()
                .enumerate()
                .map(|(i, x)| {
                    let v = s
                        .binary_search_by(|p| p.0.total_cmp(x))
                        .map(|j| s[j].1)
                        .unwrap_or(0.0);
                    running[i] += v;
                    (*x, running[i])
                })
                .collect()
        })
        .collect()
}

/// Series colours, distinguishable for common colour-vision deficiencies (Okabe–Ito).
const PALETTE: [&str; 8] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#b8a200", "#7f7f7f",
];

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// What to draw, apart from the data.
struct Spec {
    title: String,
    unit: Unit,
    x_axis: XAxis,
    stacked: bool,
    y_max: Option<f64>,
}

const SVG: &str = "http://www.w3.org/2000/svg";

/// Appends a new element (SVG when `svg`) with its attributes and optional text to `parent`.
fn add(
    parent: &web_sys::Element,
    svg: bool,
    tag: &str,
    attrs: &[(&str, &str)],
    text: Option<&str>,
) -> Option<web_sys::Element> {
    let doc = document();
    let el = if svg {
        doc.create_element_ns(Some(SVG), tag).ok()?
    } else {
        doc.create_element(tag).ok()?
    };
    for (k, v) in attrs {
        el.set_attribute(k, v).ok()?;
    }
    if text.is_some() {
        el.set_text_content(text);
    }
    parent.append_child(&el).ok()?;
    Some(el)
}

/// Draws the chart into `host`, replacing what was there. Built with DOM calls in one plain
/// function rather than a view tree: the same result for a fraction of the WebAssembly.
fn draw(
    host: &web_sys::Element,
    spec: &Spec,
    list: &[ChartSeries],
    guide: Option<(f64, String)>,
) -> Option<()> {
    host.set_text_content(None);
    let stacks = layers(list, spec.stacked);
    let mut for_bounds = stacks.clone();
    if let (Some((g, _)), Some(x)) = (&guide, stacks.iter().flatten().next()) {
        for_bounds.push(vec![(x.0, *g)]);
    }
    let total: usize = stacks.iter().map(Vec::len).sum();
    let Some(b) = Bounds::of(&for_bounds, spec.y_max) else {
        add(
            host,
            false,
            "p",
            &[("class", "chart-empty muted")],
            Some("No data points yet."),
        );
        return Some(());
    };
    let aria = format!("{}: {} series, {total} points", spec.title, stacks.len());
    let svg = add(
        host,
        true,
        "svg",
        &[
            ("class", "chart"),
            ("viewBox", "0 0 640 220"),
            ("role", "img"),
            ("aria-label", &aria),
            ("data-points", &total.to_string()),
            ("preserveAspectRatio", "none"),
        ],
        None,
    )?;
    let n = |v: f64| fixed(v, 1);
    let grey = "#8c959f";
    for v in ticks(b.y0, b.y1, 4) {
        let (_, y) = project(&b, (b.x0, v));
        let (y, ty) = (n(y), n(y + 4.0));
        add(
            &svg,
            true,
            "line",
            &[
                ("x1", &n(LEFT)),
                ("x2", &n(W - RIGHT)),
                ("y1", &y),
                ("y2", &y),
                ("stroke", grey),
                ("stroke-opacity", "0.35"),
            ],
            None,
        );
        let label = spec.unit.format(v);
        add(
            &svg,
            true,
            "text",
            &[
                ("x", &n(LEFT - 6.0)),
                ("y", &ty),
                ("text-anchor", "end"),
                ("font-size", "11"),
                ("fill", "currentColor"),
            ],
            Some(&label),
        );
    }
    add(
        &svg,
        true,
        "line",
        &[
            ("x1", &n(LEFT)),
            ("x2", &n(LEFT)),
            ("y1", &n(TOP)),
            ("y2", &n(H - BOTTOM)),
            ("stroke", grey),
        ],
        None,
    );
    for (i, pts) in stacks.iter().enumerate() {
        let c = colour(i);
        let label = list.get(i).map(|s| s.label.as_str()).unwrap_or("");
        let g = add(
            &svg,
            true,
            "g",
            &[
                ("class", "chart-series"),
                ("data-label", label),
                ("data-points", &pts.len().to_string()),
            ],
            None,
        )?;
        if spec.stacked {
            let lower: Vec<(f64, f64)> = match i {
                0 => pts.iter().map(|p| (p.0, 0.0)).collect(),
                _ => stacks[i - 1].clone(),
            };
            add(
                &g,
                true,
                "path",
                &[
                    ("d", &area_path(&b, pts, &lower)),
                    ("fill", c),
                    ("fill-opacity", "0.35"),
                ],
                None,
            );
        }
        add(
            &g,
            true,
            "path",
            &[
                ("class", "chart-line"),
                ("d", &line_path(&b, pts)),
                ("fill", "none"),
                ("stroke", c),
                ("stroke-width", "1.8"),
            ],
            None,
        );
        if pts.len() < 2 || total <= 40 {
            for p in pts {
                let (x, y) = project(&b, *p);
                add(
                    &g,
                    true,
                    "circle",
                    &[
                        ("class", "chart-point"),
                        ("cx", &n(x)),
                        ("cy", &n(y)),
                        ("r", "2.5"),
                        ("fill", c),
                    ],
                    None,
                );
            }
        }
    }
    if let Some((v, label)) = guide {
        let (_, y) = project(&b, (b.x0, v));
        let red = "#c62828";
        add(
            &svg,
            true,
            "line",
            &[
                ("class", "chart-guide"),
                ("x1", &n(LEFT)),
                ("x2", &n(W - RIGHT)),
                ("y1", &n(y)),
                ("y2", &n(y)),
                ("stroke", red),
                ("stroke-dasharray", "5 4"),
            ],
            None,
        );
        add(
            &svg,
            true,
            "text",
            &[
                ("x", &n(W - RIGHT - 4.0)),
                ("y", &n(y - 4.0)),
                ("text-anchor", "end"),
                ("font-size", "11"),
                ("fill", red),
            ],
            Some(&label),
        );
    }
    let span = b.x1 - b.x0;
    for v in ticks(b.x0, b.x1, 4) {
        let (x, _) = project(&b, (v, b.y0));
        let label = spec.x_axis.format(v, span);
        add(
            &svg,
            true,
            "text",
            &[
                ("x", &n(x)),
                ("y", &n(H - 8.0)),
                ("text-anchor", "middle"),
                ("font-size", "11"),
                ("fill", "currentColor"),
            ],
            Some(&label),
        );
    }
    // The legend: every series' latest value in words.
    let ul = add(host, false, "ul", &[("class", "chart-legend")], None)?;
    for (i, s) in list.iter().enumerate() {
        let latest = s
            .points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|p| spec.unit.format(p.1))
            .unwrap_or_else(|| "no data".into());
        let li = add(&ul, false, "li", &[], None)?;
        let sw = add(
            &li,
            true,
            "svg",
            &[
                ("class", "swatch"),
                ("viewBox", "0 0 10 10"),
                ("width", "10"),
                ("height", "10"),
                ("aria-hidden", "true"),
            ],
            None,
        )?;
        add(
            &sw,
            true,
            "rect",
            &[("width", "10"), ("height", "10"), ("fill", colour(i))],
            None,
        );
        add(
            &li,
            false,
            "span",
            &[("class", "legend-label")],
            Some(&format!("{}: ", s.label)),
        );
        add(
            &li,
            false,
            "span",
            &[("class", "legend-value")],
            Some(&latest),
        );
    }
    Some(())
}

/// The chart. `title` labels it for assistive technology; the legend gives every series'
/// latest value in words, so the picture is never the only way to read the numbers.
#[component]
pub fn LineChart(
    #[prop(into)] series: Signal<Vec<ChartSeries>>,
    #[prop(into)] title: String,
    unit: Unit,
    #[prop(default = XAxis::EpochSeconds)] x_axis: XAxis,
    /// Stack the series as areas (parts of a whole, like memory).
    #[prop(optional)]
    stacked: bool,
    /// Keep this value inside the y range (`Some(100.0)` for percentages).
    #[prop(default = None)]
    y_max: Option<f64>,
    /// A horizontal reference line with its label (a threshold).
    #[prop(optional, into)]
    guide: Signal<Option<(f64, String)>>,
    #[prop(optional, into)] id: Option<String>,
) -> impl IntoView {
    let host = NodeRef::<leptos::html::Div>::new();
    let spec = Spec {
        title: title.clone(),
        unit,
        x_axis,
        stacked,
        y_max,
    };
    Effect::new(move |_| {
        let list = series.get();
        let g = guide.get();
        if let Some(el) = host.get() {
            draw(&el, &spec, &list, g);
        }
    });
    view! {
        <figure class="chart-box" id=id>
            <figcaption>{title}</figcaption>
            <div node_ref=host></div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        assert_eq!(nice_step(100.0, 4), 25.0);
        assert_eq!(nice_step(7.0, 4), 2.0);
        assert_eq!(ticks(0.0, 100.0, 4), [0.0, 25.0, 50.0, 75.0, 100.0]);
        assert_eq!(ticks(0.0, 3.5, 4), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_step(0.0, 4), 1.0);
        assert!(ticks(0.0, 4.0e9, 4).len() <= 6);
    }

    #[test]
    fn bounds_include_zero_and_the_fixed_top() {
        let b = Bounds::of(&[vec![(10.0, 20.0), (20.0, 40.0)]], Some(100.0)).unwrap();
        assert_eq!((b.x0, b.x1, b.y0, b.y1), (10.0, 20.0, 0.0, 100.0));
        // One point: the x range is widened so it can be drawn.
        let b = Bounds::of(&[vec![(5.0, 3.0)]], None).unwrap();
        assert!(b.x0 < 5.0 && b.x1 > 5.0 && b.y1 >= 3.0);
        assert_eq!(Bounds::of(&[vec![]], None), None);
    }

    #[test]
    fn paths_map_data_into_the_frame() {
        let b = Bounds {
            x0: 0.0,
            x1: 10.0,
            y0: 0.0,
            y1: 100.0,
        };
        assert_eq!(project(&b, (0.0, 0.0)), (LEFT, H - BOTTOM));
        assert_eq!(project(&b, (10.0, 100.0)), (W - RIGHT, TOP));
        assert_eq!(
            line_path(&b, &[(0.0, 0.0), (10.0, 100.0)]),
            "M64.0 194.0 L628.0 10.0"
        );
        assert!(area_path(&b, &[(0.0, 50.0)], &[(0.0, 0.0)]).ends_with(" Z"));
        assert_eq!(area_path(&b, &[], &[]), "");
    }

    #[test]
    fn stacked_layers_add_up_over_every_x() {
        let s = [
            ChartSeries::new("a", vec![(2.0, 1.0), (1.0, 1.0)]),
            ChartSeries::new("b", vec![(1.0, 2.0), (3.0, 5.0), (2.0, f64::NAN)]),
        ];
        assert_eq!(
            layers(&s, true),
            [
                vec![(1.0, 1.0), (2.0, 1.0), (3.0, 0.0)],
                vec![(1.0, 3.0), (2.0, 1.0), (3.0, 5.0)]
            ]
        );
        assert_eq!(layers(&s, false)[0], [(1.0, 1.0), (2.0, 1.0)]);
    }

    #[test]
    fn fixed_point_without_float_printing() {
        assert_eq!(fixed(1.25, 1), "1.3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.5, 0), "-3");
        assert_eq!(fixed(3.0, 2), "3.00");
        assert_eq!(fixed(f64::NAN, 1), "–");
        assert_eq!(trim_number(-0.01), "0");
        assert_eq!(nice_step(0.35, 4), 0.1);
        assert_eq!(nice_step(4.0e9, 4), 1.0e9);
    }

    #[test]
    fn units_read_as_words() {
        assert_eq!(format_bytes(512.0), "512 B");
        assert_eq!(format_bytes(1_536.0), "1.5 KiB");
        assert_eq!(format_bytes(4_136_923_136.0), "3.9 GiB");
        assert_eq!(format_bytes(1e308), "unreadable");
        assert_eq!(format_bytes(f64::NAN), "unreadable");
        assert_eq!(Unit::Percent.format(12.34), "12.3 %");
        assert_eq!(Unit::Plain("").format(3.0), "3");
        assert_eq!(Unit::Plain("req/s").format(2.5), "2.5 req/s");
        assert_eq!(
            XAxis::EpochSeconds.format(1_594_380_720.0, 60.0),
            "11:32:00"
        );
        assert_eq!(
            XAxis::EpochSeconds.format(1_594_380_720.0, 3_600.0),
            "11:32"
        );
    }
}
