// The migrations are embedded by `sqlx::migrate!`, which cannot see a new file by itself: without
// this, a build after adding one kept the old list.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
