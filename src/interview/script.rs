//! A prompter that answers from a script, for tests of the engine. It records what it was asked.

use std::collections::VecDeque;

use super::{More, Prompter, Question, Reply, ReviewChoice, ReviewItem, Stop};

/// One scripted step.
#[derive(Debug, Clone)]
pub enum Say {
    Answer(Reply),
    More(More),
    Review(ReviewChoice),
    /// Ctrl-C at this point.
    Interrupt,
}

pub fn text(s: &str) -> Say {
    Say::Answer(Reply::Text(s.to_string()))
}

#[derive(Default)]
pub struct Script {
    pub steps: VecDeque<Say>,
    /// Question ids in the order asked, with the error shown, if any.
    pub asked: Vec<(String, Option<String>)>,
    pub questions: Vec<Question>,
    pub notices: Vec<String>,
    pub reviews: Vec<Vec<ReviewItem>>,
    pub sections: Vec<String>,
}

impl Script {
    pub fn new(steps: impl IntoIterator<Item = Say>) -> Script {
        Script {
            steps: steps.into_iter().collect(),
            ..Script::default()
        }
    }

    fn step(&mut self, what: &str) -> Result<Say, Stop> {
        match self.steps.pop_front() {
            Some(Say::Interrupt) => Err(Stop::Interrupted),
            Some(s) => Ok(s),
            None => panic!(
                "the script ran out at {what}; asked so far: {:?}",
                self.asked
            ),
        }
    }
}

impl Prompter for Script {
    fn start(&mut self, _title: &str, _summary: &str, _saved_to: &str, _resuming: bool) {}

    fn section(&mut self, title: &str, _intro: &str) {
        self.sections.push(title.to_string());
    }

    fn ask(&mut self, q: &Question) -> Result<Reply, Stop> {
        self.asked.push((q.id.clone(), q.error.clone()));
        self.questions.push(q.clone());
        match self.step(&q.id)? {
            Say::Answer(r) => Ok(r),
            other => panic!("{} was asked, but the script says {other:?}", q.id),
        }
    }

    fn more(&mut self, question: &str, _count: usize) -> Result<More, Stop> {
        self.asked.push((question.to_string(), None));
        match self.step(question)? {
            Say::More(m) => Ok(m),
            other => panic!("`{question}` was asked, but the script says {other:?}"),
        }
    }

    fn notice(&mut self, text: &str) {
        self.notices.push(text.to_string());
    }

    fn review(&mut self, items: &[ReviewItem]) -> Result<ReviewChoice, Stop> {
        self.reviews.push(items.to_vec());
        self.asked.push(("review".into(), None));
        match self.step("review")? {
            Say::Review(r) => Ok(r),
            other => panic!("the review came, but the script says {other:?}"),
        }
    }

    fn choose(&mut self, question: &str, _options: &[String]) -> Result<usize, Stop> {
        panic!("the engine never asks to choose between files, but asked `{question}`")
    }
}
