# people.gp -- the people handed over, by organization or charging district: one
# horizontal bar per value the sources name, then bars of their own for the people
# with no value stated, those whose sources disagree, those whose names are sealed
# and those on no list found.
#
#   gnuplot -d -c people.gp DATADIR OUTFILE FORMAT SIZE
#
# DATADIR is written by extrad (src/render/chart_people.c): strings.gp (every text: title,
# subtitle, source line, label_i and value_i of each bar from the top), values.gp
# (n_bars, kind_i, bar_i, split_y, lmargin_chars, xmax, xstep) and bars.tsv (y, count, kind;
# numbers only). Kinds: 0 a named value, 1 none stated, 2 sources disagree, 3 name
# sealed, 4 on no list, 5 named values folded into one bar. FORMAT, SIZE and the area
# mode (OUTFILE '') are as in comparison.gp.
#
# Every text is drawn noenhanced from a variable; the data file holds only numbers.

data_dir = ARG1
out_file = ARG2; out_format = ARG3; out_size = ARG4
_p = strlen(ARG0)
while (_p > 0 && ARG0[_p:_p] ne '/') { _p = _p - 1 }
_plots = (_p == 0) ? '.' : ARG0[1:_p-1]
if (strlen(out_file) > 0) {
    reset
    area_x = 0; area_y = 0; area_w = 1; area_h = 1
} else {
    if (!exists('area_x')) { area_x = 0; area_y = 0; area_w = 1; area_h = 1 }
}
# values.gp first: it may set how style.gp sizes the text (svg_body_px, title_scale)
load data_dir.'/values.gp'
load _plots.'/style.gp'
load data_dir.'/strings.gp'
set decimalsign decimal_sign

# ---- frame: title and subtitle at the top, the source line at the bottom ---------------------
set origin area_x, area_y
set size area_w, area_h
_top = area_y + area_h
_hdr = 0.6
do for [_i = 1:n_title] {
    set label 900 + _i value(sprintf('title_%d', _i)) at screen area_x, screen _top \
        offset character 1.5, -(_hdr + 0.7) left front font font_title_bold textcolor rgb c_black noenhanced
    _hdr = _hdr + 1.4 * title_scale
}
_hdr = _hdr + 0.15
do for [_i = 1:n_subtitle] {
    set label 910 + _i value(sprintf('subtitle_%d', _i)) at screen area_x, screen _top \
        offset character 1.5, -(_hdr + 0.55) left front font font_subtitle textcolor rgb c_text2 noenhanced
    _hdr = _hdr + 1.1 * subtitle_scale
}
_ftr = 0.5
do for [_i = n_source:1:-1] {
    set label 920 + _i value(sprintf('source_%d', _i)) at screen area_x, screen area_y \
        offset character 1.5, (_ftr + 0.45) left front font font_note textcolor rgb c_note noenhanced
    _ftr = _ftr + 0.95
}

# ---- the bars' labels at the left and their numbers at the right -----------------------------
# Named values in the body colour; the people counted apart in grey, after a dashed line.
_c_nodata = '#B8B8B8'
_c_sealed = '#3A3A3A'
_c_other = c_skyblue
do for [_i = 1:n_bars] {
    _y = n_bars - _i + 1
    _k = value(sprintf('kind_%d', _i))
    _tc = (_k == 0 || _k == 5) ? c_text : c_text2
    set label 100 + _i value(sprintf('label_%d', _i)) at first 0, first _y right offset -0.8, 0 front \
        font font_body textcolor rgb _tc noenhanced
    set label 300 + _i value(sprintf('value_%d', _i)) at first value(sprintf('bar_%d', _i)), first _y left \
        offset 0.6, 0 front font font_body_bold textcolor rgb _tc noenhanced
}
if (split_y > 0) {
    set arrow 1 from graph 0, first split_y to graph 1, first split_y nohead back lc rgb c_grey lw 0.8 dt (4, 4)
}

# ---- plot -------------------------------------------------------------------------------------
set tmargin _hdr + 0.9
set bmargin _ftr + 2.9
set lmargin lmargin_chars
set rmargin 3
set xrange [0:xmax]
set yrange [0.4:n_bars + 0.6]
set xtics 0, xstep, xmax format '%.0f'
unset ytics
set grid xtics noytics
set xlabel xlabel noenhanced offset 0, 0.3
unset key
_h = 0.34
_bars = data_dir.'/bars.tsv'
# one plot element per kind, each drawn only on its own rows (NaN elsewhere)
plot _bars using ($3 == 0 ? $2 / 2 : NaN):1:(0):2:($1 - _h):($1 + _h) with boxxyerror \
         fillstyle solid 1.0 noborder lc rgb c_blue notitle, \
     _bars using ($3 == 5 ? $2 / 2 : NaN):1:(0):2:($1 - _h):($1 + _h) with boxxyerror \
         fillstyle solid 1.0 noborder lc rgb _c_other notitle, \
     _bars using ($3 == 1 ? $2 / 2 : NaN):1:(0):2:($1 - _h):($1 + _h) with boxxyerror \
         fillstyle solid 1.0 noborder lc rgb _c_nodata notitle, \
     _bars using ($3 == 2 ? $2 / 2 : NaN):1:(0):2:($1 - _h):($1 + _h) with boxxyerror \
         fillstyle pattern 4 border lc rgb c_vermillion lc rgb c_vermillion notitle, \
     _bars using ($3 == 3 ? $2 / 2 : NaN):1:(0):2:($1 - _h):($1 + _h) with boxxyerror \
         fillstyle solid 1.0 noborder lc rgb _c_sealed notitle, \
     _bars using ($3 == 4 ? $2 / 2 : NaN):1:(0):2:($1 - _h):($1 + _h) with boxxyerror \
         fillstyle empty border lc rgb c_axis lc rgb c_axis dt (5, 3) lw 1.6 notitle

# ---- leave nothing behind ------------------------------------------------------------------
unset label
unset arrow
unset object
unset xlabel
set xtics autofreq
set ytics autofreq
set grid xtics ytics
set origin 0, 0
set size 1, 1
unset tmargin; unset bmargin; unset lmargin; unset rmargin
if (strlen(out_file) > 0) { unset output }
undefine _p _plots _top _hdr _ftr _i _y _k _tc _h _bars _c_nodata _c_sealed _c_other
