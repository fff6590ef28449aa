# annual.gp -- yearly counts over the dataset's whole range, with the baseline period,
# the single-day transfers and the figures of other sources; or (by_month = 1) the
# monthly counts of monthly.csv, a bar per month, x in years.
#
#   gnuplot -d -c annual.gp DATADIR OUTFILE FORMAT SIZE
#
# DATADIR is written by extrad (src/render/chart.c): strings.gp (every text), values.gp (the
# numbers that place things) and the data files, numbers only:
# x is the year, or the middle of the month in years (2025.125 for February 2025):
#   years.tsv      year, count, has_transfers   (years with a sourced figure)
#   gaps.tsv       year                         (years without one: marked, never zero)
#   transfers.tsv  year, from, to               (one single-day transfer, stacked)
#   alt.tsv        year, count                  (a conflicting figure of another source)
#   todate.tsv     year, count                  (a figure to date, not the whole year's)
#   transfers_todate.tsv  year, from, to        (a transfer of a year drawn as to date)
# An empty series holds one row far outside the x range, so that gnuplot draws nothing
# for it without warning. FORMAT, SIZE and the area mode (OUTFILE '') are as in
# comparison.gp.

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

# ---- the baseline: shaded, with its mean and what the mean is ------------------------------
# Labels inside the plot are placed by extrad clear of bars, the mean line and each other
# (src/render/chart.c), each on a white box so that the no-data hatching does not cross it, and
# joined to what they label by a thin line where they had to sit away from it. Text is
# drawn once: no terminal's own text boxes.
do for [_i = 1:n_wb] {
    set object 100 + _i rectangle from first value(sprintf('wb_x0_%d', _i)), first value(sprintf('wb_y0_%d', _i)) \
        to first value(sprintf('wb_x1_%d', _i)), first value(sprintf('wb_y1_%d', _i)) \
        front fillcolor rgb 'white' fillstyle solid 1.0 noborder
}
do for [_i = 1:n_lead] {
    set arrow 20 + _i from first value(sprintf('lead_x0_%d', _i)), first value(sprintf('lead_y0_%d', _i)) \
        to first value(sprintf('lead_x1_%d', _i)), first value(sprintf('lead_y1_%d', _i)) nohead front \
        lc rgb c_grey lw 0.8
}
if (band_shade) {
    set object 1 rectangle from first band_x0, first 0 to first band_x1, first ymax \
        behind fillcolor rgb c_skyblue fillstyle transparent solid 0.16 noborder
}
set arrow 1 from first band_x0, first base_mean to first band_x1, first base_mean nohead front \
    lc rgb c_black lw 1.5 dt (6, 3)
set label 1 mean_1 at first mean_x, first mean_y left offset 0, 2.55 front \
    font font_note textcolor rgb c_text noenhanced
set label 2 mean_2 at first mean_x, first mean_y left offset 0, 1.5 front \
    font font_body_bold textcolor rgb c_text noenhanced
set label 3 mean_3 at first mean_x, first mean_y left offset 0, 0.5 front \
    font font_note textcolor rgb c_text noenhanced

# ---- transfers: date and count beside or above their stack -----------------------------------
do for [_i = 1:n_tr] {
    set label 10 + _i value(sprintf('tr_label_%d', _i)) \
        at first value(sprintf('tr_x_%d', _i)), first value(sprintf('tr_y_%d', _i)) left front \
        offset 0, 0.5 + value(sprintf('tr_j_%d', _i)) \
        font font_note textcolor rgb c_vermillion noenhanced
}

# ---- axes, key and plot ----------------------------------------------------------------------
# year ticks x_step apart (as wide as their numbers need), none past the last year
set xrange [x_lo : x_hi]
set yrange [0:ymax]
if (by_month) {
    # the year's number in its middle, ticks between the years
    set xtics () scale 0, 0.75 out nomirror
    do for [_y = int(x_from):int(x_to)] {
        set xtics add (sprintf('%d', _y) _y + 0.5 0)
        set xtics add ('' _y 1)
    }
    set xtics add ('' int(x_to) + 1 1)
} else {
    set xtics ceil(x_from / x_step) * x_step, x_step, x_to out nomirror format '%.0f'
    set mxtics x_step
}
set ytics 0, ystep, ymax
set format y '%.0f'
set grid noxtics nomxtics ytics
set xlabel xlabel noenhanced offset 0, 0.3
set ylabel ylabel noenhanced offset 0.5, 0
# The key, drawn as labels in key_cols columns above the plot (gnuplot's own key guesses
# text widths): a coloured sign, then the text. extrad chose one column where the texts
# do not fit in two.
unset key
# an entry too long for its column goes on in a second line (key_..._2)
_nk = (strlen(key_nodata) > 0) + (strlen(key_treaty) > 0) + (strlen(key_transfer) > 0) + (strlen(key_alt) > 0) \
    + (strlen(key_todate) > 0) + (strlen(key_nodata_2) > 0) + (strlen(key_treaty_2) > 0) \
    + (strlen(key_transfer_2) > 0) + (strlen(key_alt_2) > 0) + (strlen(key_todate_2) > 0)
_rows = (_nk + key_cols - 1) / key_cols
_k = 0
do for [_e = 1:5] {
    _text = (_e == 1) ? key_treaty : (_e == 2) ? key_transfer : (_e == 3) ? key_nodata : (_e == 4) ? key_alt \
        : key_todate
    _more = (_e == 1) ? key_treaty_2 : (_e == 2) ? key_transfer_2 : (_e == 3) ? key_nodata_2 \
        : (_e == 4) ? key_alt_2 : key_todate_2
    if (strlen(_text) > 0) {
        _sign = (_e == 3) ? '▨' : (_e == 4) ? '○' : (_e == 5) ? '□' : '■'
        _rgb = (_e == 1) ? c_blue : (_e == 2) ? c_vermillion : (_e == 3) ? c_nodata : (_e == 5) ? c_text : c_black
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
}
set tmargin _hdr + 0.5 + 1.05 * _rows + 0.4
set bmargin _ftr + 3.1
set lmargin 8
set rmargin 2
set boxwidth bar_w absolute
_years = data_dir.'/years.tsv'
_gaps = data_dir.'/gaps.tsv'
_tr = data_dir.'/transfers.tsv'
_alt = data_dir.'/alt.tsv'
_td = data_dir.'/todate.tsv'
_trtd = data_dir.'/transfers_todate.tsv'
# a figure to date is drawn open (pale, with a full-colour edge): not a whole year
plot _gaps using 1:(ymax) with boxes fillstyle pattern 4 transparent border lc rgb c_grid \
         lc rgb c_nodata notitle, \
     _years using 1:2 with boxes fillstyle solid 1.0 noborder lc rgb c_blue notitle, \
     _td using 1:2 with boxes fillstyle solid 0.25 border lc rgb c_blue lw 2 lc rgb c_blue notitle, \
     _tr using 1:(($2 + $3) / 2):($1 - bar_w / 2):($1 + bar_w / 2):2:3 with boxxyerror \
         fillstyle solid 1.0 border lc rgb 'white' lc rgb c_vermillion notitle, \
     _trtd using 1:(($2 + $3) / 2):($1 - bar_w / 2):($1 + bar_w / 2):2:3 with boxxyerror \
         fillstyle solid 0.25 border lc rgb c_vermillion lw 2 lc rgb c_vermillion notitle, \
     _alt using 1:2 with points pt 7 ps 0.9 lc rgb 'white' notitle, \
     _alt using 1:2 with points pt 6 ps 0.9 lw 1.5 lc rgb c_black notitle

# ---- leave nothing behind ------------------------------------------------------------------
unset label
unset arrow
unset object
unset xlabel
unset ylabel
unset key
if (by_month) { set xtics autofreq scale default }
set origin 0, 0
set size 1, 1
unset tmargin; unset bmargin; unset lmargin; unset rmargin
if (strlen(out_file) > 0) { unset output }
undefine _p _plots _top _hdr _ftr _i _y _years _gaps _tr _alt _td _trtd _nk _rows _k _e _text _more _sign _rgb _x _dy
