//! One file per route. A bundle compiles only its own area's pages (paths::bundle_of); another
//! area's page is `Elsewhere`, which loads that area's bundle.

/// `area: module::Page, …`: the module and its page when the area's feature is on, else `Elsewhere`
/// under the page's name.
macro_rules! pages {
    ($feature:literal: $($module:ident::$page:ident),+ $(,)?) => {$(
        #[cfg(feature = $feature)]
        mod $module;
        #[cfg(feature = $feature)]
        pub use $module::$page;
        #[cfg(not(feature = $feature))]
        pub use crate::Elsewhere as $page;
    )+};
}

pages!(
    "sign-in":
    login::Login,
    register::Register,
);
pages!(
    "account":
    account::Account,
    inbox::Inbox,
    my_feedback::MyFeedback,
);
pages!(
    "projects":
    project::Project,
    projects::Projects,
);
pages!(
    "new-project":
    new_project::NewProject,
);
pages!(
    "feedback":
    feedback_send::FeedbackSend,
);
pages!(
    "feedback-case":
    feedback_follow::FeedbackFollow,
);
pages!(
    "questions":
    changes::Changes,
    feedback_question::FeedbackQuestion,
    questions::Questions,
);
pages!(
    "stats":
    stats::Stats,
);
pages!(
    "stats-index":
    stats_index::StatsIndex,
);
pages!(
    "company":
    company::Company,
);
pages!(
    "form":
    application::Application,
);
pages!(
    "dossier":
    dossier::Dossier,
);
pages!(
    "dossiers":
    dossiers::Dossiers,
    receipt::Receipt,
    slip::Slip,
    fee_receipt::FeeReceipt,
);
pages!(
    "queue":
    queue::Queue,
);
pages!(
    "desk":
    officer_dossier::OfficerDossier,
);
pages!(
    "office":
    agency_ratings::AgencyRatings,
    verifications::Verifications,
    search_terms::SearchTerms,
);
pages!(
    "officer-feedback":
    officer_feedback_queue::OfficerFeedbackQueue,
    officer_feedback::OfficerFeedback,
);
