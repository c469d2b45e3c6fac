//! Frame times of the review desk on the stress fixture (about 1 MB, 8,000
//! paragraphs, 4,000 anchored items): headless egui frames (`run_ui` plus
//! tessellation), no rendering backend, 1280x800 points.
//!
//! - `scroll_steady`: one frame that scrolls the document by 60 points;
//! - `type_one_char`: the frame that types one character into the edited
//!   paragraph (applying the edit and re-indexing);
//! - `frame_after_typing`: the frame right after it;
//! - `open_to_first_frame`: load the project file and draw the first frame.

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, Vec2};
use redline::app::{Mode, Preferences, RedlineApp, ScriptedDialog, Setup};
use redline::model::generator::{FixtureSize, generate};
use redline::model::{Person, Project, Span};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SCREEN: Vec2 = Vec2::new(1280.0, 800.0);

fn app_for(ctx: &egui::Context, project: Project, mode: Mode) -> RedlineApp {
    let preferences = Preferences {
        mode,
        ..Preferences::default()
    };
    RedlineApp::with_context(
        ctx,
        None,
        Setup {
            project: Some(project),
            user: Some(Person::new("Bench Counsel", "BC")),
            dialog: Box::new(ScriptedDialog::new()),
            recovery_dir: None,
            preferences: Some(preferences),
            ..Setup::default()
        },
    )
}

struct Frames {
    ctx: egui::Context,
    time: f64,
}

impl Frames {
    fn new() -> Frames {
        Frames {
            ctx: egui::Context::default(),
            time: 0.0,
        }
    }

    fn frame(&mut self, app: &mut RedlineApp, events: Vec<Event>) {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
            time: Some(self.time),
            events,
            ..RawInput::default()
        };
        let output = self.ctx.run_ui(input, |ui| app.show(ui));
        let shapes = output.shapes.clone();
        let primitives = self.ctx.tessellate(shapes, output.pixels_per_point);
        black_box(primitives.len());
        output.drop_without_applying_deltas();
    }
}

fn scroll_events(down: bool) -> Vec<Event> {
    vec![
        Event::PointerMoved(Pos2::new(600.0, 400.0)),
        Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: Vec2::new(0.0, if down { -60.0 } else { 60.0 }),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        },
    ]
}

fn benches(c: &mut Criterion) {
    let stress = generate(FixtureSize::Stress, 7);
    let mut group = c.benchmark_group("gui_frame");
    group.sample_size(30);

    {
        let mut frames = Frames::new();
        let mut app = app_for(&frames.ctx, stress.clone(), Mode::View);
        for _ in 0..5 {
            frames.frame(&mut app, Vec::new());
        }
        let mut step = 0u64;
        group.bench_function("scroll_steady", |b| {
            b.iter(|| {
                step += 1;
                // Scroll down for a long stretch, then back, so the view moves
                // through new paragraphs and cards.
                let down = (step / 400).is_multiple_of(2);
                frames.frame(&mut app, scroll_events(down));
            });
        });
    }

    {
        let mut frames = Frames::new();
        let mut app = app_for(&frames.ctx, stress.clone(), Mode::Edit);
        let text = app.project().text();
        let start = text.find('\n').map_or(0, |newline| newline + 1);
        let x_before = text.matches('x').count();
        app.select_text(Span::new(start, start));
        for _ in 0..5 {
            frames.frame(&mut app, Vec::new());
        }
        // The frame that types (applies the edit, re-indexes, lays out the
        // edited paragraph) and the frame after it are timed separately.
        group.bench_function("type_one_char", |b| {
            b.iter_custom(|iterations| {
                let mut typing = Duration::ZERO;
                for _ in 0..iterations {
                    let start = Instant::now();
                    frames.frame(&mut app, vec![Event::Text("x".to_string())]);
                    typing += start.elapsed();
                    frames.frame(&mut app, Vec::new());
                }
                typing
            });
        });
        group.bench_function("frame_after_typing", |b| {
            b.iter_custom(|iterations| {
                let mut after = Duration::ZERO;
                for _ in 0..iterations {
                    frames.frame(&mut app, vec![Event::Text("x".to_string())]);
                    let start = Instant::now();
                    frames.frame(&mut app, Vec::new());
                    after += start.elapsed();
                }
                after
            });
        });
        let x_after = app.project().text().matches('x').count();
        assert!(x_after > x_before, "typing reached the document");
    }

    {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("stress.redline.ron");
        redline::formats::project_file::save(&path, &stress).expect("save stress");
        group.sample_size(10);
        group.bench_function("open_to_first_frame", |b| {
            b.iter(|| {
                let project = redline::formats::project_file::load(&path).expect("load");
                let mut frames = Frames::new();
                let mut app = app_for(&frames.ctx, project, Mode::Edit);
                frames.frame(&mut app, Vec::new());
                black_box(app.project().revision());
            });
        });
    }
    group.finish();
}

criterion_group!(gui, benches);
criterion_main!(gui);
