//! The Decision 766/QĐ-TTg index (23/6/2022): how well the province and each agency serve people,
//! out of 100 points in five groups, computed from the same figures as the public statistics and
//! from what the catalogue says of each procedure. Each figure says how it is computed; a figure
//! this system has no data for is shown as such and left out of the score, whose maximum shrinks
//! with it, rather than guessed.

use serde::{Deserialize, Serialize};

use crate::catalogue::{OnlineType, Procedure, Text};
use crate::stats::{Figures, Month};

/// What the catalogue says of the procedures a score covers (all of them for the province, an
/// agency's own for the agency).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueFacts {
    pub procedures: u64,
    /// Whose published record has every part Decree 63/2010 Art. 8.2 asks for.
    pub complete: u64,
    /// Offered fully online (toàn trình).
    pub fully_online: u64,
    /// Owing a fee or charge.
    pub with_fee: u64,
    /// Of those, payable online here.
    pub payable_online: u64,
}

impl CatalogueFacts {
    /// `online_payment`: whether this server takes payments online (a payment gateway is set up).
    pub fn of<'a>(
        procedures: impl IntoIterator<Item = &'a Procedure>,
        online_payment: bool,
    ) -> CatalogueFacts {
        let mut f = CatalogueFacts::default();
        for p in procedures {
            f.procedures += 1;
            f.complete += u64::from(complete(p));
            f.fully_online += u64::from(p.online == OnlineType::Full);
            let fee = p
                .fees
                .iter()
                .any(|fee| fee.amount_vnd > 0 || fee.online_vnd.is_some_and(|v| v > 0));
            f.with_fee += u64::from(fee);
            // A fee is paid online only for a dossier filed online.
            f.payable_online += u64::from(fee && online_payment && p.online != OnlineType::None);
        }
        f
    }
}

/// The parts of a procedure's record Decree 63/2010 Art. 8.2 requires published: name, steps,
/// ways to file, documents, time, who may apply, the agency, the result, fees (none is an answer)
/// and the legal basis.
fn complete(p: &Procedure) -> bool {
    !p.name.vi.trim().is_empty()
        && !p.steps.is_empty()
        && !p.channels.is_empty()
        && !p.documents.is_empty()
        && !p.applicants.vi.trim().is_empty()
        && !p.agency.is_empty()
        && !p.result.vi.trim().is_empty()
        && !p.legal_basis.is_empty()
}

/// One figure of the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexFigure {
    /// Its number in the Decision's order, such as `3.2`.
    pub id: String,
    pub name: Text,
    pub numerator: u64,
    pub denominator: u64,
    /// `numerator / denominator`, 0 to 1; `None` when not measured or with nothing to count.
    pub rate: Option<f64>,
    /// The rate that earns full points, 0 to 1; below it points = rate × max / threshold.
    pub threshold: f64,
    pub max: u32,
    /// Rounded to hundredths; `None` when left out of the score.
    pub points: Option<f64>,
    /// Whether this system has the data for it at all.
    pub measured: bool,
    /// Why it is left out of the score, when it is.
    pub why: Option<Text>,
    /// How it is computed, from what.
    pub how: Text,
}

/// One of the five groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub name: Text,
    /// The group's points in the Decision.
    pub max: u32,
    /// The points of its figures that count here.
    pub out_of: u32,
    pub points: f64,
    pub figures: Vec<IndexFigure>,
}

/// A score: `points` out of `out_of` (100 less the figures left out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub points: f64,
    pub out_of: u32,
    /// `points` scaled to 100, so scores with different maxima compare; agencies rank by it.
    pub on_100: f64,
    pub groups: Vec<Group>,
}

/// A figure losing points, and how many. Its name and how it is computed are the province's
/// figure of the same id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loss {
    pub figure: String,
    pub lost: f64,
}

/// A score's points alone, per group: an agency's. The words around them (names, how each
/// figure is computed) are the same for every agency and come once, with the province's score;
/// repeated per agency they made most of the answer's bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub points: f64,
    pub out_of: u32,
    pub on_100: f64,
    pub groups: Vec<GroupTally>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTally {
    pub id: String,
    pub max: u32,
    pub out_of: u32,
    pub points: f64,
}

impl Score {
    pub fn tally(&self) -> Tally {
        Tally {
            points: self.points,
            out_of: self.out_of,
            on_100: self.on_100,
            groups: self
                .groups
                .iter()
                .map(|g| GroupTally {
                    id: g.id.clone(),
                    max: g.max,
                    out_of: g.out_of,
                    points: g.points,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyScore {
    pub agency: String,
    pub name: Text,
    /// 1 is best; agencies with the same score share a rank.
    pub rank: u32,
    pub score: Tally,
    /// The figures losing the most points, the biggest loss first: what pulls the score down.
    pub pulls_down: Vec<Loss>,
}

/// `GET /api/v1/stats/index?from=&to=`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index766 {
    pub from: Month,
    pub to: Month,
    /// With every figure's name and how it is computed.
    pub province: Score,
    /// Best first.
    pub agencies: Vec<AgencyScore>,
}

impl Index766 {
    /// A figure by its id, as the province's score describes it.
    pub fn figure(&self, id: &str) -> Option<&IndexFigure> {
        self.province
            .groups
            .iter()
            .flat_map(|g| &g.figures)
            .find(|f| f.id == id)
    }
}

/// An agency's name, figures over the period and catalogue facts, for [`index`].
pub struct AgencyInput {
    pub agency: String,
    pub name: Text,
    pub figures: Figures,
    pub facts: CatalogueFacts,
}

/// The index for the province and each agency, agencies ranked.
pub fn index(
    from: Month,
    to: Month,
    province: (&Figures, &CatalogueFacts),
    agencies: Vec<AgencyInput>,
) -> Index766 {
    let mut scored: Vec<AgencyScore> = agencies
        .into_iter()
        .map(|a| {
            let score = score(&a.figures, &a.facts);
            AgencyScore {
                pulls_down: pulls_down(&score),
                agency: a.agency,
                name: a.name,
                rank: 0,
                score: score.tally(),
            }
        })
        .collect();
    scored.sort_by(|a, b| {
        b.score
            .on_100
            .total_cmp(&a.score.on_100)
            .then_with(|| a.agency.cmp(&b.agency))
    });
    let mut previous: Option<f64> = None;
    for i in 0..scored.len() {
        let here = scored[i].score.on_100;
        scored[i].rank = if previous == Some(here) {
            scored[i - 1].rank
        } else {
            i as u32 + 1
        };
        previous = Some(here);
    }
    Index766 {
        from,
        to,
        province: score(province.0, province.1),
        agencies: scored,
    }
}

fn pulls_down(score: &Score) -> Vec<Loss> {
    let mut losses: Vec<Loss> = score
        .groups
        .iter()
        .flat_map(|g| &g.figures)
        .filter_map(|f| {
            let lost = round2(f64::from(f.max) - f.points?);
            (lost > 0.0).then(|| Loss {
                figure: f.id.clone(),
                lost,
            })
        })
        .collect();
    losses.sort_by(|a, b| {
        b.lost
            .total_cmp(&a.lost)
            .then_with(|| a.figure.cmp(&b.figure))
    });
    losses
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What a figure counts, or why it counts nothing here.
enum Count {
    Of(u64, u64),
    NotMeasured(Text),
}

fn figure(id: &str, name: Text, max: u32, threshold: f64, count: Count, how: Text) -> IndexFigure {
    let (numerator, denominator, measured, why) = match count {
        Count::Of(n, d) => {
            let why = (d == 0).then(|| {
                Text::new(
                    "Không có gì để tính trong kỳ này.",
                    "Nothing to count in this period.",
                )
            });
            (n, d, true, why)
        }
        Count::NotMeasured(why) => (0, 0, false, Some(why)),
    };
    let rate = (measured && denominator > 0).then(|| numerator as f64 / denominator as f64);
    let points = rate.map(|r| round2((r / threshold).min(1.0) * f64::from(max)));
    IndexFigure {
        id: id.to_string(),
        name,
        numerator,
        denominator,
        rate,
        threshold,
        max,
        points,
        measured,
        why,
        how,
    }
}

fn group(id: &str, name: Text, max: u32, figures: Vec<IndexFigure>) -> Group {
    debug_assert_eq!(figures.iter().map(|f| f.max).sum::<u32>(), max);
    let counted = figures.iter().filter(|f| f.points.is_some());
    Group {
        id: id.to_string(),
        name,
        max,
        out_of: counted.clone().map(|f| f.max).sum(),
        points: round2(counted.filter_map(|f| f.points).sum()),
        figures,
    }
}

/// The index of one scope: the province's figures with all procedures, or an agency's with its own.
pub fn score(f: &Figures, c: &CatalogueFacts) -> Score {
    let t = Text::new;
    let resolved = f.resolved();
    let overall_low = f
        .satisfaction
        .iter()
        .find(|c| c.criterion == "overall")
        .map_or(0, |c| c.low());
    let fb = &f.feedback;
    let groups = vec![
        group(
            "cong-khai",
            t("Công khai, minh bạch", "Openness and transparency"),
            18,
            vec![
                figure(
                    "1.1",
                    t("Thủ tục được công bố đúng hạn", "Procedures announced on time"),
                    4,
                    1.0,
                    Count::NotMeasured(t(
                        "Hệ thống này không lưu ngày quyết định công bố thủ tục.",
                        "This system keeps no dates of the decisions announcing procedures.",
                    )),
                    t(
                        "Số thủ tục được công bố đúng hạn ÷ số thủ tục phải công bố trong kỳ.",
                        "Procedures announced by their deadline ÷ procedures due to be announced in the period.",
                    ),
                ),
                figure(
                    "1.2",
                    t("Thủ tục được công khai đúng hạn", "Procedures published on time"),
                    4,
                    1.0,
                    Count::NotMeasured(t(
                        "Hệ thống này không lưu ngày thủ tục được công khai.",
                        "This system keeps no dates of when procedures were published.",
                    )),
                    t(
                        "Số thủ tục được công khai trong 5 ngày làm việc kể từ khi công bố ÷ số thủ tục được công bố.",
                        "Procedures published within 5 working days of being announced ÷ procedures announced.",
                    ),
                ),
                figure(
                    "1.3",
                    t("Thủ tục được công khai đầy đủ", "Procedures published in full"),
                    4,
                    1.0,
                    Count::Of(c.complete, c.procedures),
                    t(
                        "Số thủ tục trong danh mục có đủ tên, trình tự, cách thức nộp, thành phần hồ sơ, thời hạn, đối tượng, cơ quan, kết quả và căn cứ pháp lý (Nghị định 63/2010, Điều 8.2) ÷ số thủ tục. Đạt 100% được đủ 4 điểm.",
                        "Procedures whose record in the catalogue has its name, steps, ways to file, documents, time, who may apply, agency, result and legal basis (Decree 63/2010, Art. 8.2) ÷ procedures. 100% earns all 4 points.",
                    ),
                ),
                figure(
                    "1.4",
                    t(
                        "Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
                        "Dossiers synced to the National Public Service Portal",
                    ),
                    6,
                    1.0,
                    Count::NotMeasured(t(
                        "Hệ thống này chưa gửi hồ sơ lên Cổng Dịch vụ công quốc gia.",
                        "This system does not send dossiers to the National Public Service Portal yet.",
                    )),
                    t(
                        "Số hồ sơ có trạng thái được đồng bộ lên Cổng Dịch vụ công quốc gia ÷ số hồ sơ tiếp nhận.",
                        "Dossiers whose status is synced to the National Public Service Portal ÷ dossiers received.",
                    ),
                ),
            ],
        ),
        group(
            "tien-do",
            t("Tiến độ, kết quả giải quyết", "Progress and results"),
            20,
            vec![figure(
                "2.1",
                t("Hồ sơ giải quyết đúng hạn", "Dossiers resolved on time"),
                20,
                1.0,
                Count::Of(f.resolved_early + f.resolved_on_time, resolved),
                t(
                    "Số hồ sơ có kết quả trước hoặc đúng ngày hẹn trả ÷ số hồ sơ có kết quả trong kỳ (thời gian chờ bổ sung không tính). Điểm = tỷ lệ × 20.",
                    "Dossiers given their result before or on the due date ÷ dossiers given a result in the period (time waiting for a supplement not counted). Points = rate × 20.",
                ),
            )],
        ),
        group(
            "truc-tuyen",
            t("Cung cấp dịch vụ trực tuyến", "Online service"),
            22,
            vec![
                figure(
                    "3.1",
                    t(
                        "Thủ tục cung cấp trực tuyến toàn trình",
                        "Procedures offered fully online",
                    ),
                    6,
                    0.8,
                    Count::Of(c.fully_online, c.procedures),
                    t(
                        "Số thủ tục trực tuyến toàn trình ÷ số thủ tục trong danh mục. Đạt 80% được đủ 6 điểm; dưới đó điểm = tỷ lệ × 6 ÷ 80%.",
                        "Procedures offered fully online ÷ procedures in the catalogue. 80% earns all 6 points; below that points = rate × 6 ÷ 80%.",
                    ),
                ),
                figure(
                    "3.2",
                    t("Hồ sơ nộp trực tuyến", "Dossiers filed online"),
                    6,
                    0.5,
                    Count::Of(f.online, f.received),
                    t(
                        "Số hồ sơ nộp trực tuyến qua cổng này ÷ số hồ sơ tiếp nhận trong kỳ. Đạt 50% được đủ 6 điểm; dưới đó điểm = tỷ lệ × 6 ÷ 50%.",
                        "Dossiers filed online through this portal ÷ dossiers received in the period. 50% earns all 6 points; below that points = rate × 6 ÷ 50%.",
                    ),
                ),
                figure(
                    "3.3",
                    t(
                        "Thủ tục có phí thanh toán được trực tuyến",
                        "Procedures with fees payable online",
                    ),
                    5,
                    0.8,
                    Count::Of(c.payable_online, c.with_fee),
                    t(
                        "Số thủ tục có phí, lệ phí nộp được trực tuyến (thủ tục có nộp trực tuyến, khi cổng thanh toán được bật) ÷ số thủ tục có phí, lệ phí. Đạt 80% được đủ 5 điểm; dưới đó điểm = tỷ lệ × 5 ÷ 80%.",
                        "Procedures with a fee that can be paid online (offered online, with the payment gateway on) ÷ procedures with a fee. 80% earns all 5 points; below that points = rate × 5 ÷ 80%.",
                    ),
                ),
                figure(
                    "3.4",
                    t("Hồ sơ thanh toán trực tuyến", "Dossiers paid online"),
                    5,
                    1.0,
                    Count::Of(f.paid_online, f.with_fee),
                    t(
                        "Số hồ sơ có phí đã nộp phí trực tuyến ÷ số hồ sơ có phí tiếp nhận trong kỳ. Điểm = tỷ lệ × 5.",
                        "Dossiers owing a fee that paid it online ÷ dossiers owing a fee received in the period. Points = rate × 5.",
                    ),
                ),
            ],
        ),
        group(
            "so-hoa",
            t("Số hóa hồ sơ", "Digitisation"),
            22,
            vec![
                figure(
                    "4.1",
                    t("Kết quả điện tử", "Electronic results"),
                    6,
                    1.0,
                    Count::Of(f.results_electronic, resolved),
                    t(
                        "Số kết quả được cấp dưới dạng văn bản điện tử ÷ số hồ sơ có kết quả trong kỳ. Điểm = tỷ lệ × 6.",
                        "Results issued as an electronic document ÷ dossiers given a result in the period. Points = rate × 6.",
                    ),
                ),
                figure(
                    "4.2",
                    t("Hồ sơ được số hóa", "Dossiers digitised"),
                    6,
                    0.8,
                    Count::Of(f.online, f.received),
                    t(
                        "Số hồ sơ có thành phần là tệp điện tử ngay khi tiếp nhận (hồ sơ nộp trực tuyến) ÷ số hồ sơ tiếp nhận trong kỳ. Đạt 80% được đủ 6 điểm; dưới đó điểm = tỷ lệ × 6 ÷ 80%.",
                        "Dossiers whose documents are electronic files from receipt (those filed online) ÷ dossiers received in the period. 80% earns all 6 points; below that points = rate × 6 ÷ 80%.",
                    ),
                ),
                figure(
                    "4.3",
                    t("Tái sử dụng dữ liệu số hóa", "Digitised data reused"),
                    5,
                    0.8,
                    Count::NotMeasured(t(
                        "Hệ thống này chưa ghi nhận việc dùng lại giấy tờ đã số hóa từ hồ sơ trước.",
                        "This system does not yet record documents reused from earlier dossiers.",
                    )),
                    t(
                        "Số hồ sơ dùng lại giấy tờ, kết quả đã số hóa ÷ số hồ sơ tiếp nhận. Đạt 80% được đủ 5 điểm.",
                        "Dossiers reusing digitised documents or results ÷ dossiers received. 80% earns all 5 points.",
                    ),
                ),
                figure(
                    "4.4",
                    t(
                        "Dùng định danh điện tử (VNeID)",
                        "Electronic identity (VNeID) used",
                    ),
                    5,
                    1.0,
                    Count::Of(f.eid, f.received),
                    t(
                        "Số hồ sơ do người đăng nhập bằng VNeID nộp ÷ số hồ sơ tiếp nhận trong kỳ. Điểm = tỷ lệ × 5.",
                        "Dossiers filed by someone signed in with VNeID ÷ dossiers received in the period. Points = rate × 5.",
                    ),
                ),
            ],
        ),
        group(
            "hai-long",
            t("Mức độ hài lòng", "Satisfaction"),
            18,
            vec![
                figure(
                    "5.1",
                    t(
                        "Phản ánh, kiến nghị xử lý đúng hạn",
                        "Feedback answered on time",
                    ),
                    6,
                    1.0,
                    Count::Of(fb.answered_on_time, fb.answered + fb.overdue),
                    t(
                        "Số phản ánh, kiến nghị trả lời đúng hạn ÷ (số đã trả lời + số quá hạn chưa trả lời) trong kỳ. Phản ánh quá hạn bị tính là chậm. Điểm = tỷ lệ × 6.",
                        "Feedback answered by its deadline ÷ (feedback answered + feedback overdue without an answer) in the period. Overdue feedback counts as late. Points = rate × 6.",
                    ),
                ),
                figure(
                    "5.2",
                    t(
                        "Hài lòng với xử lý phản ánh, kiến nghị",
                        "Satisfaction with feedback handling",
                    ),
                    6,
                    1.0,
                    Count::Of(
                        fb.received
                            .saturating_sub(fb.dissatisfied)
                            .saturating_sub(fb.overdue),
                        fb.received,
                    ),
                    t(
                        "(Số phản ánh, kiến nghị nhận được − số người gửi chưa hài lòng với câu trả lời − số quá hạn) ÷ số nhận được trong kỳ. Điểm = tỷ lệ × 6.",
                        "(Feedback received − answers the sender said did not solve it − feedback overdue) ÷ feedback received in the period. Points = rate × 6.",
                    ),
                ),
                figure(
                    "5.3",
                    t(
                        "Hài lòng trong tiếp nhận, giải quyết thủ tục",
                        "Satisfaction with dossiers",
                    ),
                    6,
                    0.9,
                    Count::Of(
                        resolved.saturating_sub(f.resolved_late + overall_low),
                        resolved,
                    ),
                    t(
                        "(Số hồ sơ có kết quả − số trễ hạn − số đánh giá chung 1 hoặc 2 sao) ÷ số hồ sơ có kết quả trong kỳ. Đạt 90% được đủ 6 điểm; dưới đó điểm = tỷ lệ × 6 ÷ 90%.",
                        "(Dossiers given a result − those late − overall ratings of 1 or 2) ÷ dossiers given a result in the period. 90% earns all 6 points; below that points = rate × 6 ÷ 90%.",
                    ),
                ),
            ],
        ),
    ];
    let points = round2(groups.iter().map(|g| g.points).sum());
    let out_of: u32 = groups.iter().map(|g| g.out_of).sum();
    Score {
        points,
        out_of,
        on_100: if out_of == 0 {
            0.0
        } else {
            round2(points * 100.0 / f64::from(out_of))
        },
        groups,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{CriterionFigures, FeedbackFigures};

    fn month(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    /// An agency's period, small enough to check by hand.
    fn figures() -> Figures {
        Figures {
            received: 10,
            online: 4,
            eid: 2,
            with_fee: 5,
            paid_online: 1,
            resolved_early: 3,
            resolved_on_time: 3,
            resolved_late: 2,
            results_electronic: 2,
            satisfaction: vec![CriterionFigures {
                criterion: "overall".into(),
                distribution: [1, 0, 1, 2, 2],
            }],
            feedback: FeedbackFigures {
                received: 4,
                answered: 3,
                answered_on_time: 2,
                answered_late: 1,
                overdue: 1,
                dissatisfied: 1,
                ..FeedbackFigures::default()
            },
            ..Figures::default()
        }
    }

    fn facts() -> CatalogueFacts {
        CatalogueFacts {
            procedures: 5,
            complete: 5,
            fully_online: 2,
            with_fee: 4,
            payable_online: 3,
        }
    }

    fn points(s: &Score, id: &str) -> Option<f64> {
        s.groups
            .iter()
            .flat_map(|g| &g.figures)
            .find(|f| f.id == id)
            .unwrap()
            .points
    }

    #[test]
    fn each_figure_and_group_comes_out_as_worked_by_hand() {
        let s = score(&figures(), &facts());
        // 1.3: 5/5 complete → 4. 1.1, 1.2, 1.4 are not measured: left out.
        assert_eq!(points(&s, "1.1"), None);
        assert_eq!(points(&s, "1.3"), Some(4.0));
        assert_eq!(points(&s, "1.4"), None);
        // 2.1: (3 early + 3 on time) / 8 results = 0.75 → 0.75 × 20 = 15.
        assert_eq!(points(&s, "2.1"), Some(15.0));
        // 3.1: 2/5 = 0.4 under 0.8 → 0.4 × 6 / 0.8 = 3.
        assert_eq!(points(&s, "3.1"), Some(3.0));
        // 3.2: 4/10 = 0.4 under 0.5 → 0.4 × 6 / 0.5 = 4.8.
        assert_eq!(points(&s, "3.2"), Some(4.8));
        // 3.3: 3/4 = 0.75 under 0.8 → 0.75 × 5 / 0.8 = 4.6875 → 4.69.
        assert_eq!(points(&s, "3.3"), Some(4.69));
        // 3.4: 1/5 = 0.2 → 0.2 × 5 = 1.
        assert_eq!(points(&s, "3.4"), Some(1.0));
        // 4.1: 2/8 = 0.25 → 0.25 × 6 = 1.5.
        assert_eq!(points(&s, "4.1"), Some(1.5));
        // 4.2: 4/10 = 0.4 under 0.8 → 0.4 × 6 / 0.8 = 3.
        assert_eq!(points(&s, "4.2"), Some(3.0));
        assert_eq!(points(&s, "4.3"), None);
        // 4.4: 2/10 = 0.2 → 0.2 × 5 = 1.
        assert_eq!(points(&s, "4.4"), Some(1.0));
        // 5.1: 2 on time / (3 answered + 1 overdue) = 0.5 → 3.
        assert_eq!(points(&s, "5.1"), Some(3.0));
        // 5.2: (4 − 1 dissatisfied − 1 overdue) / 4 = 0.5 → 3.
        assert_eq!(points(&s, "5.2"), Some(3.0));
        // 5.3: (8 − 2 late − 1 low overall rating) / 8 = 0.625 under 0.9
        //      → 0.625 × 6 / 0.9 = 4.1666… → 4.17.
        assert_eq!(points(&s, "5.3"), Some(4.17));

        let g: Vec<(u32, u32, f64)> = s
            .groups
            .iter()
            .map(|g| (g.max, g.out_of, g.points))
            .collect();
        assert_eq!(
            g,
            vec![
                (18, 4, 4.0),
                (20, 20, 15.0),
                // 3 + 4.8 + 4.69 + 1
                (22, 22, 13.49),
                // 1.5 + 3 + 1; 4.3's 5 points left out
                (22, 17, 5.5),
                // 3 + 3 + 4.17
                (18, 18, 10.17),
            ]
        );
        // 4 + 15 + 13.49 + 5.5 + 10.17 = 48.16 of 100 − 4 − 4 − 6 − 5 = 81.
        assert_eq!((s.points, s.out_of), (48.16, 81));
        // 48.16 × 100 / 81 = 59.456… → 59.46.
        assert_eq!(s.on_100, 59.46);
        let f = &s.groups[0].figures[0];
        assert!(!f.measured && f.why.is_some() && f.rate.is_none());
    }

    #[test]
    fn a_figure_with_nothing_to_count_is_left_out_and_said_so() {
        let s = score(&Figures::default(), &CatalogueFacts::default());
        assert_eq!((s.points, s.out_of, s.on_100), (0.0, 0, 0.0));
        let f = &s.groups[1].figures[0];
        assert!(f.measured && f.points.is_none() && f.why.is_some());
    }

    #[test]
    fn agencies_rank_by_score_on_100_and_say_what_pulls_them_down() {
        let good = Figures {
            received: 10,
            online: 10,
            eid: 10,
            with_fee: 2,
            paid_online: 2,
            resolved_on_time: 4,
            results_electronic: 4,
            ..Figures::default()
        };
        let full = CatalogueFacts {
            procedures: 1,
            complete: 1,
            fully_online: 1,
            with_fee: 1,
            payable_online: 1,
        };
        let input = |id: &str, figures: Figures, facts: CatalogueFacts| AgencyInput {
            agency: id.into(),
            name: Text::new(id, id),
            figures,
            facts,
        };
        let ix = index(
            month("2026-01"),
            month("2026-03"),
            (&figures(), &facts()),
            vec![
                input("b-weak", figures(), facts()),
                input("c-full", good.clone(), full),
                input("a-full", good, full),
            ],
        );
        let ranks: Vec<(&str, u32, f64)> = ix
            .agencies
            .iter()
            .map(|a| (a.agency.as_str(), a.rank, a.score.on_100))
            .collect();
        // Full marks on every counted figure (no feedback: 5.1 and 5.2 left out), tied first.
        assert_eq!(
            ranks,
            vec![
                ("a-full", 1, 100.0),
                ("c-full", 1, 100.0),
                ("b-weak", 3, 59.46)
            ]
        );
        assert!(ix.agencies[0].pulls_down.is_empty());
        let losses: Vec<(&str, f64)> = ix.agencies[2]
            .pulls_down
            .iter()
            .map(|l| (l.figure.as_str(), l.lost))
            .collect();
        // 2.1 loses 20 − 15 = 5; 4.1 6 − 1.5 = 4.5; 3.4 and 4.4 5 − 1 = 4; 3.1, 4.2, 5.1, 5.2 lose
        // 3 (ties by id); 5.3 6 − 4.17 = 1.83; 3.2 6 − 4.8 = 1.2; 3.3 5 − 4.69 = 0.31.
        assert_eq!(
            losses,
            vec![
                ("2.1", 5.0),
                ("4.1", 4.5),
                ("3.4", 4.0),
                ("4.4", 4.0),
                ("3.1", 3.0),
                ("4.2", 3.0),
                ("5.1", 3.0),
                ("5.2", 3.0),
                ("5.3", 1.83),
                ("3.2", 1.2),
                ("3.3", 0.31),
            ]
        );
        assert_eq!(ix.province.on_100, 59.46);
        // A loss is named by the province's figure of its id.
        assert_eq!(ix.figure("2.1").map(|f| f.max), Some(20));
        assert!(ix.figure("9.9").is_none());
    }

    #[test]
    fn catalogue_facts_count_what_each_procedure_says() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalogue/procedures");
        let mut all = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            all.extend(serde_json::from_str::<Vec<Procedure>>(&text).unwrap());
        }
        let with = CatalogueFacts::of(&all, true);
        let without = CatalogueFacts::of(&all, false);
        assert_eq!(with.procedures, all.len() as u64);
        assert_eq!(with.complete, with.procedures);
        assert!(with.fully_online > 0 && with.fully_online < with.procedures);
        assert!(with.payable_online > 0 && with.payable_online <= with.with_fee);
        assert_eq!(without.payable_online, 0);
        let mut broken = all[0].clone();
        broken.legal_basis.clear();
        assert_eq!(CatalogueFacts::of([&broken], true).complete, 0);
    }
}
