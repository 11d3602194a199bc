use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::{Pager, ServerPage};

type Cell<T> = Arc<dyn Fn(&T) -> AnyView + Send + Sync>;
type Key<T> = Arc<dyn Fn(&T) -> SortKey + Send + Sync>;
type KeyFn<T> = dyn Fn(&T) -> SortKey + Send + Sync;
type TextFn<T> = dyn Fn(&T) -> String + Send + Sync;
/// The text a row is filtered by.
pub type SearchFn<T> = Arc<TextFn<T>>;

/// What a column sorts by.
#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub enum SortKey {
    Num(f64),
    Text(String),
}

/// One column: its header, how a row shows in it, and (optionally) how it sorts.
pub struct Column<T> {
    label: Cow<'static, str>,
    cell: Cell<T>,
    sort: Option<Key<T>>,
    /// Hidden until the operator shows it with the column picker.
    start_hidden: bool,
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        Column {
            label: self.label.clone(),
            cell: self.cell.clone(),
            sort: self.sort.clone(),
            start_hidden: self.start_hidden,
        }
    }
}

impl<T: 'static> Column<T> {
    /// A column showing any view.
    pub fn view<V: IntoView + 'static>(
        label: impl Into<Cow<'static, str>>,
        cell: impl Fn(&T) -> V + Send + Sync + 'static,
    ) -> Column<T> {
        Column {
            label: label.into(),
            cell: Arc::new(move |r| cell(r).into_any()),
            sort: None,
            start_hidden: false,
        }
    }

    /// A column of text that sorts alphabetically.
    pub fn text(
        label: impl Into<Cow<'static, str>>,
        text: impl Fn(&T) -> String + Send + Sync + 'static,
    ) -> Column<T> {
        let text = Arc::new(text);
        let sort_text = text.clone();
        Column {
            label: label.into(),
            cell: Arc::new(move |r| text(r).into_any()),
            sort: Some(Arc::new(move |r| {
                SortKey::Text(sort_text(r).to_lowercase())
            })),
            start_hidden: false,
        }
    }

    /// Offered by the column picker but not shown until chosen there.
    pub fn hidden(mut self) -> Column<T> {
        self.start_hidden = true;
        self
    }

    /// Sorts by a number (sizes, times) whatever the cell shows.
    pub fn sort_by_num(mut self, key: impl Fn(&T) -> f64 + Send + Sync + 'static) -> Column<T> {
        self.sort = Some(Arc::new(move |r| SortKey::Num(key(r))));
        self
    }

    /// Sorts by text whatever the cell shows.
    pub fn sort_by_text(mut self, key: impl Fn(&T) -> String + Send + Sync + 'static) -> Column<T> {
        self.sort = Some(Arc::new(move |r| SortKey::Text(key(r).to_lowercase())));
        self
    }
}

/// Filter, sort and page rows (pure, so it is tested natively).
pub fn visible<T: Clone>(
    rows: &[T],
    filter: &str,
    search: Option<&TextFn<T>>,
    sort: Option<(&KeyFn<T>, bool)>,
    page: usize,
    page_size: usize,
) -> (Vec<T>, usize) {
    let needle = filter.trim().to_lowercase();
    let kept = rows.iter().enumerate().filter(|(_, r)| {
        needle.is_empty() || search.is_none_or(|s| s(r).to_lowercase().contains(&needle))
    });
    let order: Vec<usize> = match sort {
        Some((key, ascending)) => sorted(kept.map(|(i, r)| (key(r), i)).collect(), ascending),
        None => kept.map(|(i, _)| i).collect(),
    };
    let total = order.len();
    let start = (page * page_size).min(total);
    let end = start.saturating_add(page_size).min(total);
    (
        order[start..end].iter().map(|&i| rows[i].clone()).collect(),
        total,
    )
}

/// The rows' positions ordered by their keys (stable). Sorting keys and positions rather than
/// the rows keeps one copy of the sort in the bundle whatever the row type.
fn sorted(mut keyed: Vec<(SortKey, usize)>, ascending: bool) -> Vec<usize> {
    keyed.sort_by(|a, b| {
        let o = a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal);
        if ascending {
            o
        } else {
            o.reverse()
        }
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// A table that filters, sorts (click a header) and pages its rows, so a long list stays fast.
#[component]
pub fn DataTable<T>(
    #[prop(into)] rows: Signal<Vec<T>>,
    columns: Vec<Column<T>>,
    /// The text a row is filtered by; no filter box without it.
    #[prop(optional)]
    search: Option<SearchFn<T>>,
    #[prop(optional, into)] empty: Option<String>,
    #[prop(default = 25)] page_size: usize,
    #[prop(optional, into)] id: Option<String>,
    /// Offer a column picker: the operator chooses which columns show.
    #[prop(optional)]
    pick_columns: bool,
    /// Server-paged mode: the rows are one page the server sent; this pager replaces the
    /// table's own.
    #[prop(optional)]
    server: Option<ServerPage>,
    /// Names each row: its `data-key` attribute (for links and tests to find one row).
    #[prop(optional)]
    row_key: Option<SearchFn<T>>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let page_size = if server.is_some() {
        usize::MAX
    } else {
        page_size
    };
    let heads = columns
        .iter()
        .map(|c| (c.label.to_string(), c.sort.is_some()))
        .collect();
    let width = columns.len();
    // The columns the operator hid with the column picker (by position).
    let hidden = RwSignal::new(
        columns
            .iter()
            .enumerate()
            .filter(|(_, c)| pick_columns && c.start_hidden)
            .map(|(i, _)| i)
            .collect::<BTreeSet<usize>>(),
    );
    let has_search = search.is_some();
    let columns = StoredValue::new(columns);
    let search = StoredValue::new(search);
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new(None::<(usize, bool)>);
    let page = RwSignal::new(0usize);
    let shown = Signal::derive(move || {
        let sort_key = sort.get().and_then(|(i, asc)| {
            columns.with_value(|c| c.get(i).and_then(|c| c.sort.clone()).map(|k| (k, asc)))
        });
        rows.with(|rows| {
            search.with_value(|s| {
                visible(
                    rows,
                    &filter.get(),
                    s.as_deref(),
                    sort_key.as_ref().map(|(k, asc)| (k.as_ref(), *asc)),
                    page.get(),
                    page_size,
                )
            })
        })
    });
    let body: PageRows = Arc::new(move || {
        let (page_rows, _) = shown.get();
        if page_rows.is_empty() {
            return None;
        }
        let rows = page_rows
            .into_iter()
            .map(|row| {
                let cells = columns.with_value(|cols| {
                    cols.iter()
                        .enumerate()
                        .filter(|(i, _)| hidden.with(|h| !h.contains(i)))
                        .map(|(_, c)| view! { <td>{(c.cell)(&row)}</td> })
                        .collect_view()
                });
                let key = row_key.as_ref().map(|k| k(&row));
                view! { <tr data-key=key>{cells}</tr> }
            })
            .collect_view()
            .into_any();
        Some(rows)
    });
    table_frame(Frame {
        id,
        heads,
        width,
        hidden,
        pick_columns,
        empty: empty.unwrap_or_else(|| "Nothing to show.".into()),
        has_search,
        filter,
        sort,
        page,
        page_size,
        body,
        total: Signal::derive(move || shown.with(|(_, t)| *t)),
        server: server.map(|p| (p, rows.with_untracked(Vec::len))),
    })
}

/// The rows of the page shown, drawn (`None`: no row on it).
type PageRows = Arc<dyn Fn() -> Option<AnyView> + Send + Sync>;

/// What [`table_frame`] draws around a table's rows: none of it depends on the row type.
struct Frame {
    id: Option<String>,
    /// Each column's label and whether it sorts.
    heads: Vec<(String, bool)>,
    width: usize,
    /// The columns hidden with the column picker, and whether it is offered.
    hidden: RwSignal<BTreeSet<usize>>,
    pick_columns: bool,
    empty: String,
    has_search: bool,
    filter: RwSignal<String>,
    sort: RwSignal<Option<(usize, bool)>>,
    page: RwSignal<usize>,
    page_size: usize,
    body: PageRows,
    /// How many rows there are in all (filtered).
    total: Signal<usize>,
    /// Server-paged: its pager and how many rows the page has.
    server: Option<(ServerPage, usize)>,
}

/// The filter box, the sorting headers, the rows (or the empty line) and the pager — once for
/// every row type.
fn table_frame(f: Frame) -> AnyView {
    let Frame {
        id,
        heads,
        width,
        hidden,
        pick_columns,
        empty,
        has_search,
        filter,
        sort,
        page,
        page_size,
        body,
        total,
        server,
    } = f;
    let pages = move || total.get().div_ceil(page_size).max(1);
    let picker = pick_columns.then(|| {
        let boxes = heads
            .iter()
            .enumerate()
            .map(|(i, (label, _))| {
                view! {
                    <label>
                        <input type="checkbox" value=label.clone()
                            prop:checked=move || hidden.with(|h| !h.contains(&i))
                            on:change=move |ev| {
                                let show = event_target_checked(&ev);
                                hidden.update(|h| if show { h.remove(&i); } else { h.insert(i); });
                            }/>
                        " " {label.clone()}
                    </label>
                }
            })
            .collect_view();
        view! { <details class="columns-picker"><summary>"Columns"</summary>{boxes}</details> }
    });
    let header = move || {
        heads
            .clone()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| hidden.with(|h| !h.contains(i)))
            .map(|(i, (label, sorts))| {
                if !sorts {
                    return view! { <th scope="col">{label}</th> }.into_any();
                }
                let state = move || match sort.get() {
                    Some((j, true)) if j == i => "ascending",
                    Some((j, false)) if j == i => "descending",
                    _ => "none",
                };
                view! {
                    <th scope="col" aria-sort=state>
                        <button
                            type="button"
                            class="th-sort"
                            on:click=move |_| {
                                sort.update(|s| {
                                    *s = match *s {
                                        Some((j, true)) if j == i => Some((i, false)),
                                        _ => Some((i, true)),
                                    }
                                });
                                page.set(0);
                            }
                        >
                            {label}
                            <span class="sort-mark">
                                {move || match state() {
                                    "ascending" => " ▲",
                                    "descending" => " ▼",
                                    _ => "",
                                }}
                            </span>
                        </button>
                    </th>
                }
                .into_any()
            })
            .collect_view()
    };
    let width = move || width - hidden.with(BTreeSet::len);
    let rows = move || {
        body().unwrap_or_else(|| {
            view! { <tr><td class="empty" colspan=width()>{empty.clone()}</td></tr> }.into_any()
        })
    };
    view! {
        <div class="table-wrap" id=id>
            {has_search.then(|| view! {
                <input
                    class="table-filter"
                    type="search"
                    placeholder="Filter…"
                    aria-label="Filter rows"
                    prop:value=move || filter.get()
                    on:input=move |ev| {
                        filter.set(event_target_value(&ev));
                        page.set(0);
                    }
                />
            })}
            {picker}
            <table class="data">
                <thead><tr>{header}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {match server {
                Some((page, count)) => view! { <Pager page=page count=count/> }.into_any(),
                None => view! {
                <div class="pager">
                    <span class="count">
                        {move || {
                            let total = total.get();
                            let start = (page.get() * page_size).min(total);
                            let end = (start + page_size).min(total);
                            if total == 0 { "0 rows".to_string() } else { format!("{}–{} of {}", start + 1, end, total) }
                        }}
                    </span>
                    <button type="button" class="btn small" disabled=move || page.get() == 0
                        on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"Previous"</button>
                    <button type="button" class="btn small" disabled=move || { page.get() + 1 >= pages() }
                        on:click=move |_| page.update(|p| *p += 1)>"Next"</button>
                </div>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_sorts_and_pages() {
        let rows: Vec<(String, f64)> = (0..30)
            .map(|i| (format!("row {i}"), f64::from(i % 7)))
            .collect();
        let search = |r: &(String, f64)| r.0.clone();
        let key = |r: &(String, f64)| SortKey::Num(r.1);
        let (page, total) = visible(&rows, "row 1", Some(&search), None, 0, 5);
        assert_eq!(total, 11); // row 1, row 10..19
        assert_eq!(page.len(), 5);
        let (page, total) = visible(&rows, "", None, Some((&key, false)), 0, 3);
        assert_eq!(total, 30);
        assert!(page.iter().all(|r| r.1 == 6.0));
        // Ascending; rows with the same key keep their order.
        let (page, _) = visible(&rows, "", None, Some((&key, true)), 0, 5);
        let names: Vec<&str> = page.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(names, ["row 0", "row 7", "row 14", "row 21", "row 28"]);
        let (page, _) = visible(&rows, "", None, None, 9, 5);
        assert!(page.is_empty());
    }
}
