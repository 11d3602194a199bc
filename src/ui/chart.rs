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

/// At most one decimal, none when whole.
fn trim_number(v: f64) -> String {
    if (v - v.round()).abs() < 0.05 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Bytes in binary units: `512 B`, `1.5 KiB`, `3.9 GiB`.
pub fn format_bytes(v: f64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
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
        format!("{sign}{x:.1} {}", UNITS[i])
    }
}

/// A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) that splits `span` into about `count` parts.
pub fn nice_step(span: f64, count: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
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
            format!("{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" })
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
        d.push_str(&format!(" L{x:.1} {y:.1}"));
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
    let unit = StoredValue::new(unit);
    let title = StoredValue::new(title);
    let drawing = move || {
        let list = series.get();
        let stacks = layers(&list, stacked);
        let mut for_bounds = stacks.clone();
        if let Some((g, _)) = guide.get() {
            if let Some(x) = stacks.iter().flatten().next().map(|p| p.0) {
                for_bounds.push(vec![(x, g)]);
            }
        }
        let total: usize = stacks.iter().map(Vec::len).sum();
        let Some(b) = Bounds::of(&for_bounds, y_max) else {
            return view! { <p class="chart-empty muted">"No data points yet."</p> }.into_any();
        };
        let span = b.x1 - b.x0;
        let y_ticks = ticks(b.y0, b.y1, 4);
        let x_ticks = ticks(b.x0, b.x1, 4);
        let grid = y_ticks
            .iter()
            .map(|v| {
                let (_, y) = project(&b, (b.x0, *v));
                let label = unit.with_value(|u| u.format(*v));
                view! {
                    <line x1=LEFT x2=W - RIGHT y1=y y2=y stroke="#8c959f" stroke-opacity="0.35" stroke-width="1"/>
                    <text x=LEFT - 6.0 y=y + 4.0 text-anchor="end" font-size="11" fill="currentColor">{label}</text>
                }
            })
            .collect_view();
        let x_labels = x_ticks
            .iter()
            .map(|v| {
                let (x, _) = project(&b, (*v, b.y0));
                view! {
                    <text x=x y=H - 8.0 text-anchor="middle" font-size="11" fill="currentColor">
                        {x_axis.format(*v, span)}
                    </text>
                }
            })
            .collect_view();
        let shapes = stacks
            .iter()
            .enumerate()
            .map(|(i, pts)| {
                let c = colour(i);
                let label = list.get(i).map(|s| s.label.clone()).unwrap_or_default();
                let area = stacked.then(|| {
                    let lower: Vec<(f64, f64)> = if i == 0 {
                        pts.iter().map(|p| (p.0, 0.0)).collect()
                    } else {
                        stacks[i - 1].clone()
                    };
                    view! { <path d=area_path(&b, pts, &lower) fill=c fill-opacity="0.35" stroke="none"/> }
                });
                let dots = (pts.len() < 2 || total <= 40)
                    .then(|| {
                        pts.iter()
                            .map(|p| {
                                let (x, y) = project(&b, *p);
                                view! { <circle class="chart-point" cx=x cy=y r="2.5" fill=c/> }
                            })
                            .collect_view()
                    });
                view! {
                    <g class="chart-series" data-label=label data-points=pts.len()>
                        {area}
                        <path class="chart-line" d=line_path(&b, pts) fill="none" stroke=c stroke-width="1.8"/>
                        {dots}
                    </g>
                }
            })
            .collect_view();
        let guide_line = guide.get().map(|(g, label)| {
            let (_, y) = project(&b, (b.x0, g));
            view! {
                <line class="chart-guide" x1=LEFT x2=W - RIGHT y1=y y2=y stroke="#c62828" stroke-dasharray="5 4" stroke-width="1.2"/>
                <text x=W - RIGHT - 4.0 y=y - 4.0 text-anchor="end" font-size="11" fill="#c62828">{label}</text>
            }
        });
        let aria = format!(
            "{}: {} series, {total} points",
            title.get_value(),
            stacks.len()
        );
        view! {
            <svg
                class="chart"
                viewBox=format!("0 0 {W} {H}")
                role="img"
                aria-label=aria
                data-points=total
                preserveAspectRatio="none"
            >
                {grid}
                <line x1=LEFT x2=LEFT y1=TOP y2=H - BOTTOM stroke="#8c959f" stroke-width="1"/>
                {shapes}
                {guide_line}
                {x_labels}
            </svg>
        }
        .into_any()
    };
    let legend = move || {
        series
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let latest = s
                    .points
                    .iter()
                    .filter(|p| p.0.is_finite() && p.1.is_finite())
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|p| unit.with_value(|u| u.format(p.1)))
                    .unwrap_or_else(|| "no data".into());
                view! {
                    <li>
                        <svg class="swatch" viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">
                            <rect width="10" height="10" fill=colour(i)/>
                        </svg>
                        <span class="legend-label">{s.label}</span>
                        ": "
                        <span class="legend-value">{latest}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <figure class="chart-box" id=id>
            <figcaption>{title.get_value()}</figcaption>
            {drawing}
            <ul class="chart-legend">{legend}</ul>
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
            format!("M{LEFT:.1} {:.1} L{:.1} {TOP:.1}", H - BOTTOM, W - RIGHT)
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
    fn units_read_as_words() {
        assert_eq!(format_bytes(512.0), "512 B");
        assert_eq!(format_bytes(1_536.0), "1.5 KiB");
        assert_eq!(format_bytes(4_136_923_136.0), "3.9 GiB");
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
