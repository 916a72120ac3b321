// depeche-lexbuild IN.txt OUT.bin: prebuilds the common-word table of
// IN.txt (data/README.md) so that depeche maps it at start-up instead of
// parsing ~460k lines. Run by the build after scripts/gen_lexicons.sh; the
// table is built by CommonWords::Load, the same code as depeche's text path.
#include <cstdio>
#include <string>

#include "names_lexicon.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s COMMON_WORDS.txt OUT.bin\n", argv[0]);
    return 2;
  }
  depeche::detail::CommonWords words;
  depeche::Status st = words.Load(argv[1]);
  if (st.ok()) st = words.WriteBinary(argv[2]);
  // Read back as depeche will: a file it would reject fails the build.
  if (st.ok()) st = depeche::detail::CommonWords().LoadBinary(argv[2], argv[1]);
  if (!st.ok()) {
    std::fprintf(stderr, "depeche-lexbuild: %s\n", st.message().c_str());
    return 1;
  }
  return 0;
}
