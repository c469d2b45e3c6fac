//! Throughput of `run_checks` on the clean fixture (~4 KB) and on a ~1 MB
//! stress text of ~8,000 paragraphs built deterministically from it.

use redline::model::content::Content;
use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redline::model::checks::{CheckConfig, CheckContext, Framework, run_checks};

const CLEAN: &str = include_str!("../tests/fixtures/clean_policy.md");

/// Repeats the fixture's paragraphs with deterministic variations (heading
/// levels, term variants, doubled spaces, placeholders, TBDs, split
/// sentences) until the text reaches `target_bytes`. Returns the text and
/// its paragraph count.
fn stress_text(target_bytes: usize) -> (String, usize) {
    let paragraphs: Vec<&str> = CLEAN.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::with_capacity(target_bytes + 8_192);
    let mut count = 0;
    let mut push = |out: &mut String, paragraph: &str| {
        out.push_str(paragraph);
        out.push_str("\n\n");
        count += 1;
    };
    let mut round = 0usize;
    while out.len() < target_bytes {
        for (j, paragraph) in paragraphs.iter().enumerate() {
            if let Some(title) = paragraph.strip_prefix("## ") {
                let marker = if round % 5 == 4 { "###" } else { "##" };
                push(&mut out, &format!("{marker} {title} {round}"));
                continue;
            }
            if round > 0 && (paragraph.starts_with("# ") || paragraph.starts_with("Effective")) {
                continue;
            }
            let mut body = (*paragraph).to_owned();
            if (round + j).is_multiple_of(7) {
                body = body.replacen("personal data", "personal information", 1);
            }
            if (round * 31 + j).is_multiple_of(11)
                && let Some(space) = body[10.min(body.len())..].find(' ')
            {
                body.insert(10 + space, ' ');
            }
            if (round + j).is_multiple_of(13) {
                body.push_str(" [insert detail]");
            }
            if (round + j).is_multiple_of(17) {
                body.push_str(" Launch date TBD.");
            }
            match body.find(". ").filter(|_| round.is_multiple_of(2)) {
                Some(split) => {
                    push(&mut out, &body[..=split]);
                    push(&mut out, &body[split + 2..]);
                }
                None => push(&mut out, &body),
            }
        }
        round += 1;
    }
    (out, count)
}

fn bench(c: &mut Criterion) {
    let baseline = CheckConfig::default();
    let all = CheckConfig {
        frameworks: vec![Framework::Baseline, Framework::Gdpr, Framework::Ccpa],
        ..CheckConfig::default()
    };
    let (stress, paragraphs) = stress_text(1_000_000);
    eprintln!(
        "stress text: {} bytes, {paragraphs} paragraphs",
        stress.len()
    );
    let clean = Content::from_marked_text(CLEAN);
    let stress = Content::from_marked_text(&stress);
    fn context<'a>(content: &'a Content, config: &'a CheckConfig) -> CheckContext<'a> {
        CheckContext {
            text: &content.text,
            blocks: &content.blocks,
            organisation: "Northwind Ledger, Inc.",
            effective_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            today: NaiveDate::from_ymd_opt(2026, 2, 15).unwrap_or_default(),
            is_published: false,
            last_published: NaiveDate::from_ymd_opt(2025, 3, 1),
            notice_channel_recorded: false,
            config,
        }
    }

    let mut group = c.benchmark_group("run_checks");
    group.throughput(Throughput::Bytes(clean.text.len() as u64));
    group.bench_function("clean_fixture", |b| {
        b.iter(|| run_checks(black_box(&context(&clean, &baseline))))
    });
    group.sample_size(20);
    group.throughput(Throughput::Bytes(stress.text.len() as u64));
    group.bench_function("stress_1mb_baseline", |b| {
        b.iter(|| run_checks(black_box(&context(&stress, &baseline))))
    });
    group.bench_function("stress_1mb_all_frameworks", |b| {
        b.iter(|| run_checks(black_box(&context(&stress, &all))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
