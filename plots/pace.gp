# pace.gp -- the event's year, cumulative, against the baseline pace.
#
#   gnuplot -d -c pace.gp DATADIR OUTFILE FORMAT SIZE
#
# DATADIR is written by extrad (src/render/chart.c): strings.gp (every text), values.gp (the
# numbers that place things) and the data files, numbers only, x in days since 1 January
# of the year:
#   pace.tsv        day, pace, low, high   (the baseline's mean per year spread over the
#                                           days, with its interval: 0 on 1 January)
#   cumulative.tsv  day, people so far     (a rise on each transfer's day)
#   steps.tsv       day, people after the transfer, 1 for the event compared
#   months.tsv      day, people so far at each month's end (with monthly figures; the
#                   cumulative line then runs through these points)
# FORMAT, SIZE and the area mode (OUTFILE '') are as in comparison.gp.

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

# ---- frame: title and subtitle at the top, the source line at the bottom -----------------
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

# ---- the key, as labels in key_cols columns above the plot ------------------------------------
# an entry too long for its column goes on in a second line (key_..._2)
_nk = 3 + (strlen(key_month) > 0) + (strlen(key_cum_2) > 0) + (strlen(key_pace_2) > 0) \
    + (strlen(key_band_2) > 0) + (strlen(key_month_2) > 0)
_rows = (_nk + key_cols - 1) / key_cols
_k = 0
do for [_e = 1:(strlen(key_month) > 0 ? 4 : 3)] {
    _text = (_e == 1) ? key_cum : (_e == 2) ? key_pace : (_e == 3) ? key_band : key_month
    _more = (_e == 1) ? key_cum_2 : (_e == 2) ? key_pace_2 : (_e == 3) ? key_band_2 : key_month_2
    _sign = (_e == 1) ? '━' : (_e == 2) ? '╍' : (_e == 3) ? '■' : '●'
    _rgb = (_e == 1) ? c_vermillion : (_e == 2) ? c_blue : (_e == 3) ? '#BFDDF3' : c_vermillion
    _x = (_k % key_cols) * 0.5
    _dy = 0.45 + (_rows - 1 - _k / key_cols) * 1.05
    set label 940 + _e _sign at graph _x, graph 1 left offset 0, _dy front \
        font font_body textcolor rgb _rgb noenhanced
    set label 950 + _e _text at graph _x, graph 1 left offset 1.8, _dy front \
        font font_note textcolor rgb c_text noenhanced
    _k = _k + 1
    if (strlen(_more) > 0) {
        _dy = 0.45 + (_rows - 1 - _k / key_cols) * 1.05
        set label 960 + _e _more at graph _x, graph 1 left offset 1.8, _dy front \
            font font_note textcolor rgb c_text noenhanced
        _k = _k + 1
    }
}

# ---- a label beside each rise: date, count and the total so far -----------------------------
# each on a white box placed by extrad (text drawn once: no terminal text boxes)
do for [_i = 1:n_wb] {
    set object 100 + _i rectangle from first value(sprintf('wb_x0_%d', _i)), first value(sprintf('wb_y0_%d', _i)) \
        to first value(sprintf('wb_x1_%d', _i)), first value(sprintf('wb_y1_%d', _i)) \
        front fillcolor rgb 'white' fillstyle solid 1.0 noborder
}
do for [_i = 1:n_steps] {
    _right = value(sprintf('step_right_%d', _i))
    _font = value(sprintf('step_event_%d', _i)) ? font_body_bold : font_body
    if (_right) {
        set label 10 + _i value(sprintf('step_%d', _i)) \
            at first value(sprintf('step_x_%d', _i)), first value(sprintf('step_y_%d', _i)) right front \
            offset 0, 0.5 \
            font _font textcolor rgb c_vermillion noenhanced
    } else {
        set label 10 + _i value(sprintf('step_%d', _i)) \
            at first value(sprintf('step_x_%d', _i)), first value(sprintf('step_y_%d', _i)) left front \
            offset 0, 0.5 \
            font _font textcolor rgb c_vermillion noenhanced
    }
}

# ---- axes and plot ---------------------------------------------------------------------------
# Month names centred on their month, with ticks between the months.
set xrange [0:ndays]
set yrange [0:ymax]
set xtics () scale 0, 0.75 out nomirror
do for [_m = 1:12] {
    if ((_m - 1) % month_every == 0) {
        set xtics add (value(sprintf('month_%d', _m)) value(sprintf('month_mid_%d', _m)) 0)
    }
    set xtics add ('' value(sprintf('month_x_%d', _m)) 1)
}
set xtics add ('' ndays 1)
set ytics 0, ystep, ymax
set format y '%.0f'
set grid noxtics mxtics ytics
set xlabel xlabel noenhanced offset 0, 0.3
set ylabel ylabel noenhanced offset 0.5, 0
unset key
set tmargin _hdr + 0.5 + 1.05 * _rows + 0.4
set bmargin _ftr + 3.1
set lmargin 8
set rmargin 2
_pace = data_dir.'/pace.tsv'
_cum = data_dir.'/cumulative.tsv'
_steps = data_dir.'/steps.tsv'
_months = data_dir.'/months.tsv'
plot _pace using 1:3:4 with filledcurves fillstyle solid 1.0 noborder lc rgb '#BFDDF3' notitle, \
     _pace using 1:2 with lines lw 2 dt (6, 3) lc rgb c_blue notitle, \
     _cum using 1:2 with lines lw 2.5 lc rgb c_vermillion notitle, \
     _steps using 1:2 with points pt 7 ps 0.7 lc rgb c_vermillion notitle, \
     _months using 1:2 with points pt 7 ps 0.55 lc rgb c_vermillion notitle

# ---- leave nothing behind ------------------------------------------------------------------
unset label
unset arrow
unset object
unset xlabel
unset ylabel
set xtics autofreq
set origin 0, 0
set size 1, 1
unset tmargin; unset bmargin; unset lmargin; unset rmargin
if (strlen(out_file) > 0) { unset output }
undefine _p _plots _top _hdr _ftr _i _rows _nk _k _e _text _more _sign _rgb _x _dy _right _font _m _pace _cum _steps _months
