# comparison.gp -- one day's handover beside the baseline's mean per year.
#
#   gnuplot -d -c comparison.gp DATADIR OUTFILE FORMAT SIZE
#
# DATADIR is written by extrad (src/render/chart.c): strings.gp (every text, worded and
# wrapped for the language), values.gp (the numbers that place things) and bars.tsv
# (x, value, low, high: the baseline mean with its interval at x = 0, the handover at
# x = 1). FORMAT is pdf, png or svg, SIZE 'WxH' or '' (see style.gp). With OUTFILE ''
# the caller has set the terminal and is in multiplot mode: the chart is drawn inside
# area_x, area_y, area_w, area_h (screen fractions; the whole canvas when undefined),
# and nothing of it is left behind.
#
# Every text is drawn noenhanced from a variable; the data files hold only numbers.

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
# values.gp first: it may set how style.gp sizes the text (svg_body_px)
load data_dir.'/values.gp'
load _plots.'/style.gp'
load data_dir.'/strings.gp'
set decimalsign decimal_sign

# ---- frame: title and subtitle at the top, the source line at the bottom (in
# character heights of the body font from the area's edges) -----------------------------
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

# ---- captions under the bars -------------------------------------------------------------
_half = 0.31
_lines = 0
set label 1 value('base_cap_1') at first 0, graph 0 center offset 0, -1.1 front \
    font font_body_bold textcolor rgb c_text noenhanced
_y = -1.1
do for [_i = 2:n_base_cap] {
    _y = _y - 1.05
    set label 1 + _i value(sprintf('base_cap_%d', _i)) at first 0, graph 0 center offset 0, _y front \
        font font_body_bold textcolor rgb c_text noenhanced
}
do for [_i = 1:n_base_kind] {
    _y = _y - 0.95
    set label 10 + _i value(sprintf('base_kind_%d', _i)) at first 0, graph 0 center offset 0, _y front \
        font font_note textcolor rgb c_text2 noenhanced
}
_lines = -_y
_y = -0.05
do for [_i = 1:n_event_cap] {
    _y = _y - 1.05
    set label 20 + _i value(sprintf('event_cap_%d', _i)) at first 1 - _half, graph 0 left offset 0, _y front \
        font font_body_bold textcolor rgb c_text noenhanced
}
do for [_i = 1:n_event_label] {
    _y = _y - 0.95
    set label 30 + _i value(sprintf('event_label_%d', _i)) at first 1 - _half, graph 0 left offset 0, _y front \
        font font_note textcolor rgb c_text noenhanced
}
do for [_i = 1:n_event_kind] {
    _y = _y - 0.95
    set label 40 + _i value(sprintf('event_kind_%d', _i)) at first 1 - _half, graph 0 left offset 0, _y front \
        font font_note textcolor rgb c_text2 noenhanced
}
if (-_y > _lines) { _lines = -_y }

# ---- values, the interval and what the handover amounts to ---------------------------------
set label 50 base_value at first 0, first base_hi center offset 0, 1.0 front \
    font font_value textcolor rgb c_blue noenhanced
set label 51 event_value at first 1, first event_count center offset 0, 1.0 front \
    font font_value textcolor rgb c_vermillion noenhanced
set label 52 ci_text at first 0.06, first base_hi left offset 0, -0.05 front \
    font font_note textcolor rgb c_text2 noenhanced
# where the handover would reach on the average year's bar
set arrow 1 from first -_half, first event_count to first 1 - _half, first event_count nohead front \
    lc rgb c_black lw 1 dt (5, 4)
_ann = ann  # extrad keeps the block clear of the axis
_y = 0.8
do for [_i = 1:n_share] {
    _y = _y - 1.55
    set label 55 + _i value(sprintf('share_%d', _i)) at first 1.45, first _ann left offset 0, _y front \
        font font_share textcolor rgb c_vermillion noenhanced
}
_y = _y - 0.7
do for [_i = 1:n_days] {
    _y = _y - 1.1
    set label 60 + _i value(sprintf('days_%d', _i)) at first 1.45, first _ann left offset 0, _y front \
        font font_body textcolor rgb c_text noenhanced
}

# ---- plot ----------------------------------------------------------------------------------
set tmargin _hdr + 0.9
set bmargin _ftr + _lines + 1.0
set lmargin 8
set rmargin 2
set xrange [-0.55:2.75]
set yrange [0:ymax]
set ytics 0, ystep, ymax format '%.0f'
unset xtics
set grid noxtics ytics
set ylabel ylabel noenhanced offset 0.5, 0
unset key
set style fill solid 1.0 noborder
set boxwidth 2 * _half absolute
_bars = data_dir.'/bars.tsv'
# the baseline's interval as an error bar
set arrow 2 from first 0, first base_lo to first 0, first base_hi heads size screen 0.008, 90 front \
    lc rgb c_black lw 1.5
plot _bars using 1:2:($1 == 0 ? 0x0072B2 : 0xD55E00) with boxes lc rgb variable notitle

# ---- leave nothing behind ------------------------------------------------------------------
unset label
unset arrow
unset object
unset ylabel
set origin 0, 0
set size 1, 1
unset tmargin; unset bmargin; unset lmargin; unset rmargin
if (strlen(out_file) > 0) { unset output }
undefine _p _plots _top _hdr _ftr _i _y _half _lines _ann _bars
