//! Public statistics: how the province, each agency, field and procedure handle dossiers and
//! feedback over a period of months, and the Decision 766 index computed from the same figures.
//! Anyone may read them; no figure names a person.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::problem::{Code, Name, Problem, Problems};
use crate::Text;

/// The most months one report spans: three years.
pub const MAX_MONTHS: u32 = 36;

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        ((2000..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// Months from `self` to `to`, both counted; 0 when `to` is earlier.
    pub fn span(self, to: Month) -> u32 {
        let a = self.year * 12 + i32::from(self.month);
        let b = to.year * 12 + i32::from(to.month);
        u32::try_from(b - a + 1).unwrap_or(0)
    }

    /// Each month from `self` to `to`, both counted.
    pub fn through(self, to: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| Some(m.next())).take(self.span(to) as usize)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Month::parse(&s).ok_or_else(|| serde::de::Error::custom("expected YYYY-MM"))
    }
}

/// What a report is about. Written `province`, `agency:<id>`, `field:<id>` or
/// `procedure:<code>` in queries and paths.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Province,
    Agency(String),
    Field(String),
    Procedure(String),
}

impl Scope {
    pub fn parse(s: &str) -> Option<Scope> {
        let s = s.trim();
        if s == "province" || s.is_empty() {
            return Some(Scope::Province);
        }
        let (kind, id) = s.split_once(':')?;
        let ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if !ok {
            return None;
        }
        let id = id.to_string();
        match kind {
            "agency" => Some(Scope::Agency(id)),
            "field" => Some(Scope::Field(id)),
            "procedure" => Some(Scope::Procedure(id)),
            _ => None,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Province => f.write_str("province"),
            Scope::Agency(id) => write!(f, "agency:{id}"),
            Scope::Field(id) => write!(f, "field:{id}"),
            Scope::Procedure(code) => write!(f, "procedure:{code}"),
        }
    }
}

impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scope, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Scope::parse(&s).ok_or_else(|| serde::de::Error::custom("expected a scope"))
    }
}

/// `GET /api/v1/stats?scope=&from=&to=` (and `/api/v1/stats/csv`, `/api/v1/stats/index`): kept as
/// the strings the reader typed, so a wrong one is a problem beside its field, not a rejection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsQuery {
    pub scope: String,
    /// `YYYY-MM`; the first month of the period.
    pub from: String,
    /// `YYYY-MM`; the last month of the period, counted.
    pub to: String,
}

impl StatsQuery {
    pub fn scope(&self) -> Option<Scope> {
        Scope::parse(&self.scope)
    }

    pub fn from(&self) -> Option<Month> {
        Month::parse(&self.from)
    }

    pub fn to(&self) -> Option<Month> {
        Month::parse(&self.to)
    }

    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::new();
        if self.scope().is_none() {
            let label = Text::new("Phạm vi", "Scope");
            p.add(Name::Scope, Code::NotAnOption { label });
        }
        let from = self.from();
        let to = self.to();
        if from.is_none() {
            let label = Text::new("Từ tháng", "From month");
            p.add(Name::From, Code::NotAMonth { label });
        }
        if to.is_none() {
            let label = Text::new("Đến tháng", "To month");
            p.add(Name::To, Code::NotAMonth { label });
        }
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                p.add(Name::To, Code::PeriodBackwards);
            } else if from.span(to) > MAX_MONTHS {
                p.add(Name::To, Code::PeriodTooLong { max: MAX_MONTHS });
            }
        }
        p.into_vec()
    }
}

/// One rating criterion (or `overall`) over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionFigures {
    /// A criterion's id from `catalogue/satisfaction.json`, or `overall`.
    pub criterion: String,
    /// Ratings given 1 to 5: `distribution[0]` is the number of 1s.
    pub distribution: [u64; 5],
}

impl CriterionFigures {
    pub fn count(&self) -> u64 {
        self.distribution.iter().sum()
    }

    /// The mean rating, 1 to 5; `None` without ratings.
    pub fn average(&self) -> Option<f64> {
        let n = self.count();
        let sum: u64 = self
            .distribution
            .iter()
            .enumerate()
            .map(|(i, c)| (i as u64 + 1) * c)
            .sum();
        (n > 0).then(|| sum as f64 / n as f64)
    }

    /// Ratings of 1 or 2.
    pub fn low(&self) -> u64 {
        self.distribution[0] + self.distribution[1]
    }
}

/// Feedback and complaints (phản ánh, kiến nghị) about the scope over a period: counted by the
/// month each was received, and for answers by the month of the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackFigures {
    pub received: u64,
    pub answered: u64,
    /// Answered by their deadline.
    pub answered_on_time: u64,
    /// Answered after their deadline.
    pub answered_late: u64,
    /// Past their deadline without an answer when the period ended (or now, for the current
    /// month): these count against the agency.
    pub overdue: u64,
    /// Answers the sender said did not solve the problem.
    pub dissatisfied: u64,
    /// Answers the sender said solved it.
    pub satisfied: u64,
    /// Published with the sender's consent.
    pub published: u64,
}

/// The figures of one scope over one month or a period: every count is a sum over months, so a
/// period's figures are its months' added up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    /// Dossiers received (by the month they were received).
    pub received: u64,
    /// Of those, received online through this portal.
    pub online: u64,
    /// Of those, filed by a person signed in with VNeID.
    pub eid: u64,
    /// Of those, owing a fee; and of these, paid online.
    pub with_fee: u64,
    pub paid_online: u64,
    /// Dossiers given a result (by the month of the result) before, on and after their due date.
    pub resolved_early: u64,
    pub resolved_on_time: u64,
    pub resolved_late: u64,
    /// Of the results, those issued as an electronic document.
    pub results_electronic: u64,
    /// Dossiers refused and withdrawn (by the month it happened).
    pub refused: u64,
    pub withdrawn: u64,
    /// Supplement requests and letters of apology sent (by the month sent).
    pub supplement_requests: u64,
    pub apologies: u64,
    /// Working days each result took, less supplement pauses: `(days, results)`, days ascending.
    pub processing_days: Vec<(u32, u64)>,
    /// The sum of each result's legal time in working days, for the average legal time.
    pub legal_days_sum: u64,
    /// `overall` first, then each criterion in the catalogue's order; by the month rated.
    pub satisfaction: Vec<CriterionFigures>,
    pub feedback: FeedbackFigures,
}

impl Figures {
    pub fn resolved(&self) -> u64 {
        self.resolved_early + self.resolved_on_time + self.resolved_late
    }

    /// Mean working days per result; `None` without results.
    pub fn average_days(&self) -> Option<f64> {
        let n: u64 = self.processing_days.iter().map(|(_, c)| c).sum();
        let sum: u64 = self
            .processing_days
            .iter()
            .map(|(d, c)| u64::from(*d) * c)
            .sum();
        (n > 0).then(|| sum as f64 / n as f64)
    }

    /// The least number of working days within which at least 80% of results came (nearest rank).
    pub fn p80_days(&self) -> Option<u32> {
        let n: u64 = self.processing_days.iter().map(|(_, c)| c).sum();
        if n == 0 {
            return None;
        }
        let rank = (n * 8).div_ceil(10);
        let mut seen = 0;
        for (d, c) in &self.processing_days {
            seen += c;
            if seen >= rank {
                return Some(*d);
            }
        }
        None
    }

    /// The mean legal time of the results, in working days.
    pub fn average_legal_days(&self) -> Option<f64> {
        let n = self.resolved();
        (n > 0).then(|| self.legal_days_sum as f64 / n as f64)
    }
}

/// A scope's figures for one month of the period (every month is present, empty ones too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub month: Month,
    pub figures: Figures,
}

/// A scope one level down (the province's agencies and fields, an agency's or a field's
/// procedures) with its figures over the period, for comparing and going deeper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub scope: Scope,
    pub name: Text,
    pub figures: Figures,
}

/// `GET /api/v1/stats`: one scope over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsReport {
    pub scope: Scope,
    pub name: Text,
    pub from: Month,
    pub to: Month,
    /// The procedure's legal time in working days (a procedure's report only).
    pub legal_days: Option<u32>,
    pub totals: Figures,
    pub months: Vec<MonthFigures>,
    pub parts: Vec<Part>,
    /// The satisfaction criteria's names, in `Figures::satisfaction`'s order.
    pub criteria: Vec<(String, Text)>,
    /// When the figures were read (seconds since the epoch).
    pub as_of: i64,
}

/// How a dossier came in: `online` through this portal, or `truc_tiep` at an agency's desk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    #[default]
    #[serde(rename = "online")]
    Online,
    #[serde(rename = "truc_tiep")]
    Counter,
}

impl Channel {
    /// The id it is stored under.
    pub fn id(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Counter => "truc_tiep",
        }
    }
}

impl Month {
    /// The month, in Vietnam (UTC+7), of a moment in seconds since 1970.
    pub fn in_vietnam(unix_seconds: i64) -> Month {
        let d = crate::calendar::Date::in_vietnam(unix_seconds);
        Month {
            year: d.year(),
            month: d.month(),
        }
    }
}
