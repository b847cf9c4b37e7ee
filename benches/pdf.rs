//! How long rendering takes: the filled interpersonal inventory (the example answers) and the
//! blank inventory handout to PDF, and the same filled document to Markdown for comparison; and
//! what the charts of scores over time add: the example case's progress document to PDF with its
//! two charts and without them (the difference is the charts' cost), and the charts as SVG. The
//! document is built once; only rendering is measured. Run with `cargo bench --bench pdf`.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ipt::answers::{Mode, check_with, file};
use ipt::document::{self, Document};
use ipt::render::{Format, RenderOptions, render};
use ipt::spec::catalog::{Catalog, Sources};

fn inventory(catalog: &Catalog, filled: bool) -> Document {
    let sheet = catalog.find("inventory").expect("built-in inventory");
    if !filled {
        return document::build(&sheet, None, &catalog.resources);
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/inventory.answers.toml"
    );
    let text = std::fs::read_to_string(path).expect("example answers");
    let answers = file::parse(path, &text).expect("answers parse");
    let checked = check_with(&sheet.spec, &answers.answers, Mode::FINAL, &BTreeMap::new())
        .expect("example answers are valid");
    document::build(&sheet, Some(&checked), &catalog.resources)
}

/// The example case's progress document (`ipt progress --case examples/case`).
fn progress(catalog: &Catalog) -> Document {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/case");
    let case = ipt::case::load(std::path::Path::new(dir)).expect("the example case");
    let schedule = ipt::commands::case::course_of(catalog, &case)
        .expect("its plan")
        .schedule;
    let series = ipt::commands::progress::of_case(catalog, &case);
    let p = ipt::document::progress::Progress {
        series: &series,
        schedule: Some(&schedule),
        up_to: None,
    };
    ipt::document::progress::progress(&p, &catalog.resources, "en")
}

fn charts(c: &mut Criterion) {
    let catalog = Catalog::discover(&Sources::default()).expect("built-in worksheets");
    let options = RenderOptions {
        epoch: 1_767_225_600,
        ..RenderOptions::default()
    };
    let with = progress(&catalog);
    assert_eq!(
        with.sections.iter().filter(|s| s.chart.is_some()).count(),
        2
    );
    let mut without = with.clone();
    for s in &mut without.sections {
        s.chart = None;
    }
    let mut group = c.benchmark_group("chart");
    group.sample_size(60);
    group.bench_function("progress with 2 charts to PDF", |b| {
        b.iter(|| render(black_box(&with), Format::Pdf, |_| None, &options).unwrap())
    });
    group.bench_function("progress without charts to PDF", |b| {
        b.iter(|| render(black_box(&without), Format::Pdf, |_| None, &options).unwrap())
    });
    group.bench_function("progress charts to SVG", |b| {
        b.iter(|| render(black_box(&with), Format::Svg, |_| None, &options).unwrap())
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let catalog = Catalog::discover(&Sources::default()).expect("built-in worksheets");
    let options = RenderOptions {
        epoch: 1_767_225_600,
        ..RenderOptions::default()
    };
    let filled = inventory(&catalog, true);
    let blank = inventory(&catalog, false);
    let mut group = c.benchmark_group("render");
    group.sample_size(40);
    group.bench_function("inventory filled to PDF", |b| {
        b.iter(|| render(black_box(&filled), Format::Pdf, |_| None, &options).unwrap())
    });
    group.bench_function("inventory blank to PDF", |b| {
        b.iter(|| render(black_box(&blank), Format::Pdf, |_| None, &options).unwrap())
    });
    group.bench_function("inventory filled to Markdown", |b| {
        b.iter(|| {
            render(
                black_box(&filled),
                Format::Md,
                catalog.template_loader(),
                &options,
            )
            .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, charts);
criterion_main!(benches);
