use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

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

/// Filter, sort and page rows (pure, so it is tested natively): the positions of the rows on
/// the page, and how many rows the filter keeps. `keys` are the rows' filter texts, lowercased
/// once when the rows arrive (not at every keystroke); `None` keeps every row.
pub fn visible<T>(
    rows: &[T],
    filter: &str,
    keys: Option<&[String]>,
    sort: Option<(&KeyFn<T>, bool)>,
    page: usize,
    page_size: usize,
) -> (Vec<usize>, usize) {
    let needle = filter.trim().to_lowercase();
    let kept = (0..rows.len()).filter(|&i| {
        needle.is_empty() || keys.is_none_or(|k| k.get(i).is_some_and(|k| k.contains(&needle)))
    });
    let order: Vec<usize> = match sort {
        Some((key, ascending)) => sorted(kept.map(|i| (key(&rows[i]), i)).collect(), ascending),
        None => kept.collect(),
    };
    let total = order.len();
    let start = (page * page_size).min(total);
    let end = start.saturating_add(page_size).min(total);
    (order[start..end].to_vec(), total)
}

/// Each row's filter text, lowercased.
pub fn filter_keys<T>(rows: &[T], search: &TextFn<T>) -> Vec<String> {
    rows.iter().map(|r| search(r).to_lowercase()).collect()
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
    /// Keeps the filter, the sort and the page in the page's address (`<id>-filter`,
    /// `<id>-sort`, `<id>-page`; needs `id`), so a link or a reload shows the same rows.
    #[prop(optional)]
    in_url: bool,
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
    // Read once per change of the rows: a page's `Signal::derive(move || items.clone())` would
    // otherwise clone every row at each read, that is at each keystroke in the filter. Every
    // reader tracks `rows` first: a reader that reached it only through `keys` or `shown` (whose
    // values may stay equal when a row's content changes, say a job's status) would find it
    // already recomputed and miss the change.
    let rows = Memo::new_with_compare(move |_| rows.get(), |_, _| true);
    let columns = StoredValue::new(columns);
    let search = StoredValue::new(search);
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new(None::<(usize, bool)>);
    let page = RwSignal::new(0usize);
    // Lowercased once per list, so a keystroke in the filter only compares.
    let keys = Memo::new(move |_| {
        search.with_value(|s| {
            s.as_deref()
                .map(|s| rows.with(|rows| Arc::new(filter_keys(rows, s))))
        })
    });
    // The positions of the rows on the page, and how many the filter keeps: computed once per
    // change, shared by the rows and the pager.
    let shown = Memo::new(move |_| {
        rows.track();
        let sort_key = sort.get().and_then(|(i, asc)| {
            columns.with_value(|c| c.get(i).and_then(|c| c.sort.clone()).map(|k| (k, asc)))
        });
        keys.with(|keys| {
            rows.with(|rows| {
                visible(
                    rows,
                    &filter.get(),
                    keys.as_deref().map(Vec::as_slice),
                    sort_key.as_ref().map(|(k, asc)| (k.as_ref(), *asc)),
                    page.get(),
                    page_size,
                )
            })
        })
    });
    let body: PageRows = Arc::new(move || {
        rows.track();
        let page_rows: Vec<T> = shown.with(|(positions, _)| {
            rows.with(|rows| {
                positions
                    .iter()
                    .filter_map(|&i| rows.get(i).cloned())
                    .collect()
            })
        });
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
        in_url,
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
    in_url: bool,
}

/// The table's view as its address says: filter, sort (column, ascending) and page.
type View = (String, Option<(usize, bool)>, usize);

/// Keys of one table's view in the address.
struct UrlKeys {
    filter: String,
    sort: String,
    page: String,
}

impl UrlKeys {
    fn new(id: &str) -> UrlKeys {
        UrlKeys {
            filter: format!("{id}-filter"),
            sort: format!("{id}-sort"),
            page: format!("{id}-page"),
        }
    }

    /// Reads a view from the address's query (`get` gives a parameter's value). The sort is a
    /// column's label, `-` first for descending; the page counts from 1.
    fn read(&self, get: &dyn Fn(&str) -> Option<String>, heads: &[(String, bool)]) -> View {
        let filter = get(&self.filter).unwrap_or_default();
        let sort = get(&self.sort).and_then(|s| {
            let (label, ascending) = match s.strip_prefix('-') {
                Some(l) => (l.to_string(), false),
                None => (s, true),
            };
            heads
                .iter()
                .position(|(h, sorts)| *sorts && h.eq_ignore_ascii_case(&label))
                .map(|i| (i, ascending))
        });
        let page = get(&self.page)
            .and_then(|p| p.parse::<usize>().ok())
            .map_or(0, |p| p.saturating_sub(1));
        (filter, sort, page)
    }

    /// The query (`pairs`, decoded) with this view written into it, defaults left out.
    fn write(
        &self,
        mut pairs: Vec<(String, String)>,
        view: &View,
        heads: &[(String, bool)],
    ) -> String {
        pairs.retain(|(k, _)| ![&self.filter, &self.sort, &self.page].contains(&k));
        let (filter, sort, page) = view;
        if !filter.is_empty() {
            pairs.push((self.filter.clone(), filter.clone()));
        }
        if let Some((label, ascending)) = sort.and_then(|(i, a)| Some((&heads.get(i)?.0, a))) {
            let dir = if ascending { "" } else { "-" };
            pairs.push((self.sort.clone(), format!("{dir}{}", label.to_lowercase())));
        }
        if *page > 0 {
            pairs.push((self.page.clone(), (page + 1).to_string()));
        }
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, QUERY_TEXT).to_string();
        let query: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect();
        if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        }
    }
}

/// What is escaped in a query's keys and values (what would end or change them).
const QUERY_TEXT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'+')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'`');

/// Every parameter of a query, repeated ones included, decoded.
fn pairs(q: &ParamsMap) -> Vec<(String, String)> {
    q.latest_values()
        .flat_map(|(k, _)| {
            q.get_all(k)
                .unwrap_or_default()
                .into_iter()
                .map(move |v| (k.to_string(), v))
        })
        .collect()
}

/// Starts a table at the view its address names and writes every change of filter, sort or
/// page back into the address (replacing the history entry), so a reload or a copied link shows
/// the same rows. (One way after the start: a write-back that lags a fast typist must not undo
/// keystrokes.) Typing in the filter is written once it pauses ([`TYPING_PAUSE_MS`]): a
/// keystroke then only filters, it does not also route.
fn keep_in_url(
    id: &str,
    heads: Vec<(String, bool)>,
    filter: RwSignal<String>,
    sort: RwSignal<Option<(usize, bool)>>,
    page: RwSignal<usize>,
) {
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let keys = Arc::new(UrlKeys::new(id));
    let heads = Arc::new(heads);
    let (f, s, p) = query.with_untracked(|q| keys.read(&|k| q.get(k), &heads));
    filter.set(f);
    sort.set(s);
    page.set(p);
    let address_sort_page = {
        let (keys, heads) = (keys.clone(), heads.clone());
        move || {
            let (_, s, p) = query.with_untracked(|q| keys.read(&|k| q.get(k), &heads));
            (s, p)
        }
    };
    let path = location.pathname.get_untracked();
    let write = Arc::new(move || {
        let view = (
            filter.get_untracked(),
            sort.get_untracked(),
            page.get_untracked(),
        );
        let (to, same) = query.with_untracked(|q| {
            (
                keys.write(pairs(q), &view, &heads),
                keys.read(&|k| q.get(k), &heads) == view,
            )
        });
        // Not after the page has changed (a pause that ends on another page).
        if !same && location.pathname.get_untracked() == path {
            navigate(
                &format!("{path}{to}"),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(h) = pending.try_update_value(Option::take).flatten() {
            h.clear();
        }
    };
    on_cleanup(cancel);
    Effect::new(move |_| {
        let (_, s, p) = (filter.track(), sort.get(), page.get());
        cancel();
        // Sort and page as the address has them: only the filter changed, typed.
        if (s, p) != address_sort_page() {
            write();
            return;
        }
        let write = write.clone();
        let later =
            set_timeout_with_handle(move || write(), Duration::from_millis(TYPING_PAUSE_MS));
        pending.set_value(later.ok());
    });
}

/// How long the filter's typing pauses before it is written into the address.
const TYPING_PAUSE_MS: u64 = 300;

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
        in_url,
    } = f;
    if let Some(id) = id.as_deref().filter(|_| in_url) {
        keep_in_url(id, heads.clone(), filter, sort, page);
    }
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
        let search = |r: &(String, f64)| r.0.to_uppercase();
        let keys = filter_keys(&rows, &search);
        let key = |r: &(String, f64)| SortKey::Num(r.1);
        let (page, total) = visible(&rows, " Row 1", Some(&keys), None, 0, 5);
        assert_eq!(total, 11); // row 1, row 10..19, whatever the case
        assert_eq!(page, [1, 10, 11, 12, 13]);
        let (page, total) = visible(&rows, "", None, Some((&key, false)), 0, 3);
        assert_eq!(total, 30);
        assert!(page.iter().all(|&i| rows[i].1 == 6.0));
        // Ascending; rows with the same key keep their order.
        let (page, _) = visible(&rows, "", None, Some((&key, true)), 0, 5);
        let names: Vec<&str> = page.iter().map(|&i| rows[i].0.as_str()).collect();
        assert_eq!(names, ["row 0", "row 7", "row 14", "row 21", "row 28"]);
        let (page, _) = visible(&rows, "", None, None, 9, 5);
        assert!(page.is_empty());
        let (page, total) = visible(&rows, "row 2", Some(&keys), Some((&key, true)), 0, 5);
        assert_eq!((page, total), (vec![21, 28, 22, 29, 2], 11)); // by i % 7, then position
    }

    #[test]
    fn a_view_goes_into_the_address_and_back() {
        let heads = vec![("Name".to_string(), true), ("Notes".to_string(), false)];
        let keys = UrlKeys::new("t");
        let q = vec![("account".to_string(), "act-1".to_string())];
        let view = ("blue team".to_string(), Some((0, false)), 2);
        let query = keys.write(q.clone(), &view, &heads);
        assert_eq!(
            query,
            "?account=act-1&t-filter=blue%20team&t-sort=-name&t-page=3"
        );
        let decoded: Vec<(String, String)> = query[1..]
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| {
                let dec = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8_lossy()
                        .to_string()
                };
                (dec(k), dec(v))
            })
            .collect();
        let get = |k: &str| decoded.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(keys.read(&get, &heads), view);
        // The defaults leave the address as it was; a column that does not sort is ignored.
        assert_eq!(
            keys.write(q, &(String::new(), None, 0), &heads),
            "?account=act-1"
        );
        let odd = |k: &str| match k {
            "t-sort" => Some("notes".to_string()),
            "t-page" => Some("x".to_string()),
            _ => None,
        };
        assert_eq!(keys.read(&odd, &heads), (String::new(), None, 0));
    }
}
