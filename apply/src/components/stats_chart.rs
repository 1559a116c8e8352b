use leptos::prelude::*;
use motcua::i18n::Lang;

/// One figure, as the chart draws it and as the table and the bar's title say it: both read `text`,
/// so the two cannot disagree.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    pub text: String,
}

impl Figure {
    pub fn count(n: u64, l: Lang) -> Figure {
        Figure {
            value: n as f64,
            text: count_text(n, l),
        }
    }
}

/// A row of the table and a column (or bar) of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRow {
    /// Said in the table and the bar's title.
    pub label: String,
    /// Written under the column, where there is little room.
    pub short: String,
    /// One per series, in the series' order.
    pub figures: Vec<Figure>,
    /// The table's further columns, not drawn (how many ratings an average rests on).
    pub extra: Vec<String>,
}

/// Columns stacked one series on another (months), or a bar per row with its label above (named
/// things whose names do not fit under a column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Columns,
    Bars,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique on the page: the ids of the title and the caption derive from it.
    pub id: &'static str,
    pub kind: ChartKind,
    /// The table's caption and the start of the drawing's name.
    pub title: String,
    /// What the drawing shows, in a sentence, for those who do not see it.
    pub summary: String,
    /// The heading of the rows' column.
    pub row_head: String,
    /// Each series' name and its colour's modifier (`early`, `on-time`, `late`, `online`,
    /// `in-person`, `average`).
    pub series: Vec<(String, &'static str)>,
    pub extra_heads: Vec<String>,
    pub rows: Vec<ChartRow>,
    /// The scale's top; by default the largest stack, rounded up.
    pub max: Option<f64>,
}

const WIDTH: f64 = 320.0;
const COLUMNS_HEIGHT: f64 = 180.0;
const LEFT: f64 = 36.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;
/// At most this many labels under the columns, so they never overlap at phone width.
const MOST_LABELS: usize = 6;
const BAR_ROW: f64 = 36.0;
/// The longest row label written above a bar; the title and the table have it whole.
const LABEL_CHARS: usize = 44;

/// A chart drawn as SVG with the same figures in a table beside it and, where there is one, the
/// period's CSV to download: the drawing for a glance, the table for reading, the CSV for working
/// with.
pub fn stats_chart(chart: &Chart, csv: Option<&str>, l: Lang) -> impl IntoView {
    let title_id = format!("{}-title", chart.id);
    let caption_id = format!("{}-caption", chart.id);
    let drawing = match chart.kind {
        ChartKind::Columns => columns(chart, l).into_any(),
        ChartKind::Bars => bars(chart).into_any(),
    };
    let (viewbox, height) = match chart.kind {
        ChartKind::Columns => (format!("0 0 {WIDTH} {COLUMNS_HEIGHT}"), COLUMNS_HEIGHT),
        ChartKind::Bars => {
            let h = bars_height(chart.rows.len());
            (format!("0 0 {WIDTH} {h}"), h)
        }
    };
    // Names, unlike months, need the room not to break a word a line.
    let name_class = (chart.kind == ChartKind::Bars).then_some("mc-data-table__name");
    let legend = (chart.series.len() > 1).then(|| {
        view! {
            <ul class="mc-chart__legend" aria-hidden="true">
                {chart.series.iter().map(|(name, kind)| view! {
                    <li class="mc-chart__key">
                        <span class=format!("mc-chart__swatch mc-chart__swatch--{kind}")></span>
                        {name.clone()}
                    </li>
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="mc-chart">
            <svg
                class="mc-chart__drawing"
                viewBox=viewbox
                style=format!("aspect-ratio: {WIDTH} / {height}")
                role="img"
                aria-labelledby=title_id.clone()
                focusable="false"
                font-size="11"
            >
                <title id=title_id.clone()>{format!("{}. {}", chart.title, chart.summary)}</title>
                {drawing}
            </svg>
            {legend}
            <div class="mc-chart__table" role="region" tabindex="0" aria-labelledby=caption_id.clone()>
                <table class="mc-data-table">
                    <caption class="mc-data-table__caption" id=caption_id.clone()>{chart.title.clone()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{chart.row_head.clone()}</th>
                            {chart.series.iter().map(|(name, _)| view! { <th scope="col" class="mc-data-table__number">{name.clone()}</th> }).collect_view()}
                            {chart.extra_heads.iter().map(|h| view! { <th scope="col" class="mc-data-table__number">{h.clone()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {chart.rows.iter().map(|r| view! {
                            <tr>
                                <th scope="row" class=name_class>{r.label.clone()}</th>
                                {r.figures.iter().map(|f| view! { <td class="mc-data-table__number">{f.text.clone()}</td> }).collect_view()}
                                {r.extra.iter().map(|e| view! { <td class="mc-data-table__number">{e.clone()}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {csv.map(|href| view! {
                <p class="mc-chart__download">
                    <a class="mc-chart__csv" href=href.to_string() download="">
                        {l.pick("Tải số liệu (CSV)", "Download the figures (CSV)")}
                    </a>
                </p>
            })}
        </div>
    }
}

fn bar_title(row: &ChartRow, series: &str, f: &Figure) -> String {
    format!("{}, {series}: {}", row.label, f.text)
}

/// The top of the scale: the largest value rounded up to 1, 2 or 5 times a power of ten, so the
/// grid's labels are round.
fn scale_top(largest: f64) -> f64 {
    if largest <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(largest.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|top| *top >= largest)
        .unwrap_or(10.0 * power)
}

fn columns(chart: &Chart, l: Lang) -> impl IntoView {
    let largest = chart
        .rows
        .iter()
        .map(|r| r.figures.iter().map(|f| f.value).sum::<f64>())
        .fold(0.0, f64::max);
    let top = chart.max.unwrap_or_else(|| scale_top(largest));
    let plot_w = WIDTH - LEFT - 4.0;
    let plot_h = COLUMNS_HEIGHT - TOP - BOTTOM;
    let base = TOP + plot_h;
    let n = chart.rows.len().max(1);
    let band = plot_w / n as f64;
    let step = n.div_ceil(MOST_LABELS);
    // The middle line only where it falls on a whole number, as counts do.
    let grid = [0.0, 0.5, 1.0]
        .into_iter()
        .filter(|share| (top * share).fract() == 0.0)
        .map(|share| {
            let y = base - plot_h * share;
            view! {
                <line class="mc-chart__grid" x1=LEFT x2=WIDTH - 4.0 y1=y y2=y/>
                <text class="mc-chart__axis" x=LEFT - 4.0 y=y + 4.0 text-anchor="end">{count_text((top * share) as u64, l)}</text>
            }
        })
        .collect_view();
    let columns = chart
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let x = LEFT + band * i as f64 + band * 0.15;
            let mut y = base;
            let segments = row
                .figures
                .iter()
                .zip(&chart.series)
                .map(|(f, (name, kind))| {
                    let h = (f.value / top * plot_h).max(0.0);
                    y -= h;
                    view! {
                        <rect class=format!("mc-chart__bar mc-chart__bar--{kind}") x=x y=y width=band * 0.7 height=h>
                            <title>{bar_title(row, name, f)}</title>
                        </rect>
                    }
                })
                .collect_view();
            let label = (i % step == 0).then(|| {
                view! {
                    <text class="mc-chart__axis" x=LEFT + band * (i as f64 + 0.5) y=COLUMNS_HEIGHT - 6.0 text-anchor="middle">
                        {row.short.clone()}
                    </text>
                }
            });
            view! { <g>{segments}{label}</g> }
        })
        .collect_view();
    view! { <g aria-hidden="true">{grid}</g>{columns} }
}

fn bars_height(rows: usize) -> f64 {
    BAR_ROW * rows.max(1) as f64 + 4.0
}

fn bars(chart: &Chart) -> impl IntoView {
    let largest = chart
        .rows
        .iter()
        .flat_map(|r| r.figures.iter().map(|f| f.value))
        .fold(0.0, f64::max);
    let top = chart.max.unwrap_or_else(|| scale_top(largest));
    // Room at the end for the figure written after the bar.
    let length = WIDTH - 48.0;
    chart
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let y = BAR_ROW * i as f64;
            let label = if row.label.chars().count() > LABEL_CHARS {
                let cut: String = row.label.chars().take(LABEL_CHARS - 1).collect();
                format!("{}…", cut.trim_end())
            } else {
                row.label.clone()
            };
            let bars = row
                .figures
                .iter()
                .zip(&chart.series)
                .map(|(f, (name, kind))| {
                    let w = (f.value / top * length).max(0.0);
                    view! {
                        <rect class=format!("mc-chart__bar mc-chart__bar--{kind}") x=0 y=y + 16.0 width=w height=14>
                            <title>{bar_title(row, name, f)}</title>
                        </rect>
                        <text class="mc-chart__value" x=w + 4.0 y=y + 27.0 aria-hidden="true">{f.text.clone()}</text>
                    }
                })
                .collect_view();
            view! {
                <g>
                    <text class="mc-chart__label" x=0 y=y + 12.0 aria-hidden="true">{label}</text>
                    {bars}
                </g>
            }
        })
        .collect_view()
}

/// `1.234` in Vietnamese, `1,234` in English.
pub fn count_text(n: u64, l: Lang) -> String {
    motcua::format::count(n, l)
}

/// A number with one decimal: `4,3` in Vietnamese, `4.3` in English.
pub fn decimal_text(x: f64, l: Lang) -> String {
    let s = format!("{x:.1}");
    match l {
        Lang::Vi => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A share of a whole as a whole percentage; none of nothing.
pub fn percent_text(part: u64, whole: u64, l: Lang) -> Option<String> {
    (whole > 0).then(|| {
        let p = (part as f64 * 100.0 / whole as f64).round();
        match l {
            Lang::Vi => format!("{p} %"),
            Lang::En => format!("{p}%"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_ends_on_a_round_number() {
        assert_eq!(scale_top(0.0), 1.0);
        assert_eq!(scale_top(7.0), 10.0);
        assert_eq!(scale_top(12.0), 20.0);
        assert_eq!(scale_top(20.0), 20.0);
        assert_eq!(scale_top(401.0), 500.0);
    }

    #[test]
    fn numbers_read_in_each_language() {
        assert_eq!(count_text(1_234_567, Lang::Vi), "1.234.567");
        assert_eq!(count_text(999, Lang::En), "999");
        assert_eq!(decimal_text(4.26, Lang::Vi), "4,3");
        assert_eq!(percent_text(1, 3, Lang::En).as_deref(), Some("33%"));
        assert_eq!(percent_text(1, 0, Lang::Vi), None);
    }
}
