/// One line being read, with what is needed to quote it.
/// The file is the state's `currentFile`: a String here would be retained and released per line.
struct LineRef {
    let bytes: LineBytes
    let number: Int
    let header: LogHeader
}
