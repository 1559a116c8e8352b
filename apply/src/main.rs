fn main() {
    motcua_apply::start();
}
