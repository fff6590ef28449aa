# report.gp -- draws the text, rules and shaded boxes of one page of the extrad report.
#
#   call 'report.gp' 'PAGEDIR' 'STYLE'
#
# Called by the driver extrad writes, in multiplot mode, once per page, before the
# charts of that page. PAGEDIR holds (tab-separated, C locale, coordinates as
# fractions of the page from its lower left corner):
#   text.tsv   x  y  style  text   y is the middle of the line
#   rules.tsv  x  y  dx  dy  style
#   boxes.tsv  x  y  w  h  rgb     (x, y) is the lower left corner
# STYLE is plots/style.gp, loaded again at the end so the charts start from the
# shared look. Text is only ever read from the data files (never code) and drawn
# noenhanced (the terminal is set so by style.gp).
#
# The style numbers and sizes must match enum xd_report_style and the table
# `styles` in src/render/report.c, which measures text to wrap it and lay out pages.
# The driver sets pdfcairo's fontscale to 0.6 (the charts' reference), which draws a
# font of nominal size N at 0.6 * 4/3 * N = 0.8 N points, so every size below is the
# physical size times 1.25.

if (ARGC < 2) {
    exit error 'report.gp: expected the page folder and style.gp'
}
_page = ARG1
_style = ARG2

reset
set datafile separator tab
set lmargin at screen 0
set rmargin at screen 1
set bmargin at screen 0
set tmargin at screen 1
set xrange [0:1]
set yrange [0:1]
unset border
unset tics
unset key
unset grid
unset title
unset xlabel
unset ylabel
set style fill solid 1.0 noborder

_text  = _page.'/text.tsv'
_rules = _page.'/rules.tsv'
_boxes = _page.'/boxes.tsv'

_sans = 'DejaVu Sans'
_bold = 'DejaVu Sans:Bold'
_mono = 'DejaVu Sans Mono'
_cond = 'DejaVu Sans Condensed'
_f(family, pt) = sprintf('%s,%g', family, pt * 1.25)

_ink  = '#1A1A1A'
_grey = '#5A5A5A'
_blue = '#0072B2'
_red  = '#D55E00'

# One clause per style: the others' rows become undefined points and are skipped.
_s(k) = (column(3) == k ? column(2) : NaN)

plot \
    _boxes using 1:2:1:($1+$3):2:($2+$4):5 with boxxyerror fc rgb variable, \
    _rules using 1:2:($5 == 1 ? $3 : NaN):4 with vectors nohead lw 0.6 lc rgb '#C8CDD2', \
    _rules using 1:2:($5 == 2 ? $3 : NaN):4 with vectors nohead lw 1.2 lc rgb '#404040', \
    _rules using 1:2:($5 == 3 ? $3 : NaN):4 with vectors nohead lw 4 lc rgb _blue, \
    _text using 1:(_s(1)):4  with labels left   font _f(_bold, 20)  tc rgb _ink, \
    _text using 1:(_s(2)):4  with labels left   font _f(_sans, 10.5) tc rgb _grey, \
    _text using 1:(_s(3)):4  with labels left   font _f(_bold, 15)  tc rgb _blue, \
    _text using 1:(_s(4)):4  with labels left   font _f(_bold, 11)  tc rgb _ink, \
    _text using 1:(_s(5)):4  with labels left   font _f(_sans, 9.5) tc rgb _ink, \
    _text using 1:(_s(6)):4  with labels left   font _f(_bold, 9.5) tc rgb _ink, \
    _text using 1:(_s(7)):4  with labels left   font _f(_sans, 8)   tc rgb _grey, \
    _text using 1:(_s(8)):4  with labels center font _f(_bold, 40)  tc rgb _red, \
    _text using 1:(_s(9)):4  with labels center font _f(_bold, 40)  tc rgb _blue, \
    _text using 1:(_s(10)):4 with labels center font _f(_bold, 9.5) tc rgb _ink, \
    _text using 1:(_s(11)):4 with labels center font _f(_sans, 8)   tc rgb _grey, \
    _text using 1:(_s(12)):4 with labels center font _f(_bold, 15)  tc rgb _ink, \
    _text using 1:(_s(13)):4 with labels left   font _f(_bold, 8)   tc rgb _ink, \
    _text using 1:(_s(14)):4 with labels right  font _f(_bold, 8)   tc rgb _ink, \
    _text using 1:(_s(15)):4 with labels left   font _f(_sans, 8)   tc rgb _ink, \
    _text using 1:(_s(16)):4 with labels right  font _f(_sans, 8)   tc rgb _ink, \
    _text using 1:(_s(17)):4 with labels left   font _f(_sans, 7)   tc rgb _grey, \
    _text using 1:(_s(18)):4 with labels right  font _f(_sans, 7)   tc rgb _grey, \
    _text using 1:(_s(19)):4 with labels left   font _f(_mono, 7.5) tc rgb _ink, \
    _text using 1:(_s(20)):4 with labels left   font _f(_cond, 8.5) tc rgb _blue, \
    _text using 1:(_s(21)):4 with labels left   font _f(_sans, 9)   tc rgb _ink, \
    _text using 1:(_s(22)):4 with labels left   font _f(_bold, 16)  tc rgb _ink

# Leave nothing behind for the charts drawn next on the page.
reset
load _style
undefine _page _style _text _rules _boxes _sans _bold _mono _cond _ink _grey _blue _red
