fn main() {
    motcua::start();
}
