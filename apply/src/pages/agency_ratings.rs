use leptos::prelude::*;
use motcua::api::{self, ApiError};
use motcua::components::{Notice, NoticeKind};
use motcua::i18n::{set_title, tr, use_lang, Lang};
use motcua_api::lifecycle::{AgencyRating, SatisfactionData};
use motcua_api::paths;

use crate::components::Loaded;
use crate::dates::day_text;

/// `/can-bo/danh-gia`: how people rated the officer's agency — how many gave each point, and each
/// rating with its comment, never who gave it.
#[component]
pub fn AgencyRatings() -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        set_title(
            lang.get()
                .pick("Đánh giá của người dân", "What people said"),
        )
    });
    let data = LocalResource::new(|| async {
        let ratings = api::lifecycle::officer_ratings().await?;
        Ok::<_, ApiError>((ratings, api::lifecycle::satisfaction().await?))
    });
    view! {
        <div class="mc-page">
            <Loaded
                data=Signal::derive(move || data.get())
                loading=tr("Đang tải đánh giá…", "Loading ratings…")
                failed=tr("Chưa tải được đánh giá.", "The ratings could not be loaded.")
                here=paths::agency_ratings()
                forbidden=move || view! {
                    <h1 class="mc-page__title">{move || lang.get().pick("Trang dành cho cán bộ", "For officers only")}</h1>
                    <p>{move || lang.get().pick("Trang này chỉ dành cho cán bộ của cơ quan giải quyết hồ sơ.", "This page is for the officers of the agencies that handle dossiers.")}</p>
                }
                let:loaded
            >
                {
                    let (ratings, scale) = loaded;
                    move || ratings_view(&ratings, &scale, lang.get())
                }
            </Loaded>
        </div>
    }
}

fn ratings_view(ratings: &[AgencyRating], scale: &SatisfactionData, l: Lang) -> impl IntoView {
    let mut points = [0u32; 5];
    for r in ratings {
        if (1..=5).contains(&r.overall) {
            points[r.overall as usize - 1] += 1;
        }
    }
    let label = |p: u8| {
        scale
            .scale
            .get(p as usize - 1)
            .map(|t| l.text(t).to_string())
            .unwrap_or_default()
    };
    let criterion = |id: &str| {
        scale
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| l.text(&c.name).to_string())
            .unwrap_or_else(|| id.to_string())
    };
    view! {
        <p class="mc-caption"><a href=paths::queue()>{l.pick("Hồ sơ cần xử lý", "Dossiers to handle")}</a></p>
        <h1 class="mc-page__title">{l.pick("Đánh giá của người dân", "What people said")}</h1>
        <p>{l.pick(
            "Các đánh giá gần nhất về hồ sơ của cơ quan bạn. Người đánh giá không được hiển thị.",
            "The latest ratings of your agency's dossiers. Who gave them is not shown.",
        )}</p>
        {if ratings.is_empty() {
            view! {
                <Notice kind=NoticeKind::Empty title=Signal::derive(move || l.pick("Chưa có đánh giá nào.", "No ratings yet.").to_string())>
                    <p>{l.pick("Người dân đánh giá sau khi nhận kết quả.", "People rate a dossier once its result is returned.")}</p>
                </Notice>
            }.into_any()
        } else {
            view! {
                <h2 class="mc-section__title">{l.pick("Mức hài lòng chung", "Overall satisfaction")}</h2>
                <ul class="mc-counts">
                    {(1..=5u8).rev().map(|p| view! {
                        <li class="mc-counts__item">
                            <span class="mc-counts__number">{points[p as usize - 1]}</span>" "
                            <span class="mc-counts__label">{label(p)}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <h2 class="mc-section__title">{l.pick("Từng đánh giá", "Each rating")}</h2>
                <ol class="mc-ratings">
                    {ratings.iter().map(|r| view! {
                        <li class="mc-ratings__item">
                            <p class="mc-ratings__overall"><strong>{label(r.overall)}</strong>" · "{day_text(r.rated_at, l)}</p>
                            <p class="mc-hint">{l.text(&r.procedure_name).to_string()}</p>
                            {(!r.comment.is_empty()).then(|| view! { <blockquote class="mc-ratings__comment">{r.comment.clone()}</blockquote> })}
                            {(!r.criteria.is_empty()).then(|| view! {
                                <ul class="mc-ratings__criteria">
                                    {r.criteria.iter().map(|(id, p)| view! {
                                        <li>{criterion(id)}": "{label(*p)}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
