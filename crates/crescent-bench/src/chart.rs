//! SVG chart: speedup over lua5.4 per program (and the geometric mean), one bar per
//! configuration, logarithmic y axis. Missing bars are failures or n/a configurations.

use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::geomean;
use crate::Suite;

const COLORS: &[RGBColor] = &[
    RGBColor(0x1f, 0x77, 0xb4), // crescent -joff
    RGBColor(0xff, 0x7f, 0x0e), // crescent baseline
    RGBColor(0xd6, 0x27, 0x28), // crescent
    RGBColor(0x7f, 0x7f, 0x7f), // lua5.4 (the 1.0 line)
    RGBColor(0x2c, 0xa0, 0x2c), // luajit
    RGBColor(0x94, 0x67, 0xbd), // luajit -joff
];

pub fn draw(suite: &Suite, path: &Path) -> Result<(), String> {
    draw_inner(suite, path).map_err(|e| e.to_string())
}

fn draw_inner(suite: &Suite, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let lua = suite.configs.iter().position(|c| c.key == "lua5.4");
    // series: (config index, per-group values); groups are the programs plus "geomean"
    let mut groups: Vec<String> = suite.results.iter().map(|p| p.name.clone()).collect();
    groups.push("geometric mean".into());
    let mut series: Vec<(usize, Vec<Option<f64>>)> = Vec::new();
    if let Some(l) = lua {
        for (ci, _) in suite.configs.iter().enumerate() {
            if ci == l {
                continue;
            }
            let mut vals: Vec<Option<f64>> = suite
                .results
                .iter()
                .map(|p| {
                    let base = p.cells[l].value(suite.metric)?;
                    let t = p.cells[ci].value(suite.metric)?;
                    (t > 0.0).then(|| base / t)
                })
                .collect();
            let present: Vec<f64> = vals.iter().flatten().copied().collect();
            // the geometric mean only when every program has a value
            vals.push(if present.len() == suite.results.len() {
                geomean(&present)
            } else {
                None
            });
            series.push((ci, vals));
        }
    }
    let all: Vec<f64> = series
        .iter()
        .flat_map(|s| s.1.iter().flatten().copied())
        .collect();
    let lo = all.iter().copied().fold(1.0f64, f64::min);
    let hi = all.iter().copied().fold(1.0f64, f64::max);
    let (ymin, ymax) = (lo / 1.6, hi * 1.6);

    let width = (140 + 62 * groups.len()).max(800) as u32;
    let root = SVGBackend::new(path, (width, 620)).into_drawing_area();
    root.fill(&WHITE)?;
    let title = if lua.is_some() {
        format!(
            "Speedup over lua5.4 ({} time, median of {} runs; missing bar = failed or n/a)",
            suite.metric.name(),
            suite.runs
        )
    } else {
        "No lua5.4 measurements: nothing to compare against".to_string()
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(120)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..groups.len() as f64, (ymin..ymax).log_scale())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_max_light_lines(1)
        .y_desc("speedup (lua5.4 time / time), log scale")
        .y_label_formatter(&|v| {
            if *v >= 10.0 {
                format!("{v:.0}x")
            } else if *v >= 1.0 {
                format!("{v:.1}x")
            } else {
                format!("{v:.2}x")
            }
        })
        .draw()?;

    let nseries = series.len().max(1) as f64;
    let slot = 0.8 / nseries;
    for (si, (ci, vals)) in series.iter().enumerate() {
        let color = COLORS[*ci % COLORS.len()];
        let bars: Vec<Rectangle<(f64, f64)>> = vals
            .iter()
            .enumerate()
            .filter_map(|(g, v)| {
                let v = (*v)?;
                let x0 = g as f64 + 0.1 + si as f64 * slot;
                Some(Rectangle::new(
                    [(x0, ymin), (x0 + slot * 0.92, v)],
                    color.filled(),
                ))
            })
            .collect();
        chart
            .draw_series(bars)?
            .label(suite.configs[*ci].label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
    }
    if let Some(l) = lua {
        let grey = COLORS[l % COLORS.len()];
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 1.0), (groups.len() as f64, 1.0)],
                grey.stroke_width(2),
            )))?
            .label("lua5.4 (1.0x)")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 12, y)], grey.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()?;

    // program names under the axis, rotated
    let style = TextStyle::from(("sans-serif", 13).into_font())
        .transform(FontTransform::Rotate90)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (g, name) in groups.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(g as f64 + 0.5, ymin));
        root.draw(&Text::new(name.clone(), (px, py + 8), style.clone()))?;
    }
    root.present()?;
    Ok(())
}
