# trend.gp -- the yearly counts with the model that carries the headline (joinpoint,
# quasi-Poisson or Poisson; extrad chooses) and its confidence band.
#
#   gnuplot -d -c trend.gp DATADIR OUTFILE FORMAT SIZE
#
# DATADIR is written by extrad (src/render/chart.c): strings.gp (every text), values.gp (the
# numbers that place things) and the data files, numbers only:
#   points.tsv  year, count   (years with a sourced figure; a blank line where years are
#                              missing, so the line joining them breaks there)
#   gaps.tsv    year          (years without a figure: marked, never drawn as zero)
#   fit.tsv     year, fitted mean, low, high   (the model over the fitted years)
#   joinpoints.tsv  year, fitted mean   (where a joinpoint model turns; its years are
#                              also jp_x_N with the labels jp_label_N, N = 1..n_jp)
# An empty series holds one row far outside the x range. FORMAT, SIZE and the area mode
# (OUTFILE '') are as in comparison.gp.

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

# ---- frame: title, subtitle and the fitted change at the top, the source line at the
# bottom ------------------------------------------------------------------------------------
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
_hdr = _hdr + 0.2
do for [_i = 1:n_change] {
    set label 930 + _i value(sprintf('change_%d', _i)) at screen area_x, screen _top \
        offset character 1.5, -(_hdr + 0.5) left front font font_body_bold textcolor rgb c_vermillion noenhanced
    _hdr = _hdr + 1.05
}
do for [_i = 1:n_mk] {
    set label 935 + _i value(sprintf('mk_%d', _i)) at screen area_x, screen _top \
        offset character 1.5, -(_hdr + 0.5) left front font font_body textcolor rgb c_text noenhanced
    _hdr = _hdr + 1.05
}
_ftr = 0.5
do for [_i = n_source:1:-1] {
    set label 920 + _i value(sprintf('source_%d', _i)) at screen area_x, screen area_y \
        offset character 1.5, (_ftr + 0.45) left front font font_note textcolor rgb c_note noenhanced
    _ftr = _ftr + 0.95
}

# ---- the key, as labels in key_cols columns above the plot ------------------------------------
# an entry too long for its column goes on in a second line (key_..._2)
_nk = (strlen(key_points) > 0) + (strlen(key_fit) > 0) + (strlen(key_band) > 0) + (strlen(key_nodata) > 0) \
    + (strlen(key_points_2) > 0) + (strlen(key_fit_2) > 0) + (strlen(key_band_2) > 0) + (strlen(key_nodata_2) > 0)
_rows = (_nk + key_cols - 1) / key_cols
_k = 0
do for [_e = 1:4] {
    _text = (_e == 1) ? key_points : (_e == 2) ? key_fit : (_e == 3) ? key_band : key_nodata
    _more = (_e == 1) ? key_points_2 : (_e == 2) ? key_fit_2 : (_e == 3) ? key_band_2 : key_nodata_2
    if (strlen(_text) > 0) {
        _sign = (_e == 1) ? '●' : (_e == 2) ? '━' : (_e == 3) ? '■' : '▨'
        _rgb = (_e == 1) ? c_blue : (_e == 2) ? c_vermillion : (_e == 3) ? '#F4CDB0' : c_nodata
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

# ---- axes and plot ---------------------------------------------------------------------------
# year ticks x_step apart, as wide as their numbers need (extrad works it out)
set xrange [x_from - 0.7 : x_to + 0.7]
set yrange [0:ymax]
set xtics ceil(x_from / x_step) * x_step, x_step out nomirror
set format x '%.0f'
set mxtics x_step
set ytics 0, ystep, ymax
set format y '%.0f'
set grid noxtics nomxtics ytics
set xlabel xlabel noenhanced offset 0, 0.3
set ylabel ylabel noenhanced offset 0.5, 0
unset key
set tmargin _hdr + 0.5 + 1.05 * _rows + 0.4
set bmargin _ftr + 3.1
set lmargin 8
set rmargin 2
set boxwidth 0.74 absolute
_points = data_dir.'/points.tsv'
_gaps = data_dir.'/gaps.tsv'
_fit = data_dir.'/fit.tsv'
_jp = data_dir.'/joinpoints.tsv'
# each joinpoint: a dashed line across the plot and its year at the top
do for [_i = 1:n_jp] {
    _jx = value(sprintf('jp_x_%d', _i))
    set arrow 800 + _i from first _jx, graph 0 to first _jx, graph 1 nohead dt 2 lw 1.2 lc rgb c_vermillion back
    set label 860 + _i value(sprintf('jp_label_%d', _i)) at first _jx, graph 1 left offset 0.4, -0.8 front \
        font font_note textcolor rgb c_vermillion noenhanced
}
plot _gaps using 1:(ymax) with boxes fillstyle pattern 4 transparent border lc rgb c_grid \
         lc rgb c_nodata notitle, \
     _fit using 1:3:4 with filledcurves fillstyle transparent solid 0.3 noborder lc rgb c_vermillion notitle, \
     _fit using 1:2 with lines lw 2 lc rgb c_vermillion notitle, \
     _points using 1:2 with lines lw 1 lc rgb '#9CC3E0' notitle, \
     _points using 1:2 with points pt 7 ps 1.0 lc rgb c_blue notitle, \
     _jp using 1:2 with points pt 6 ps 1.6 lw 1.5 lc rgb c_vermillion notitle

# ---- leave nothing behind ------------------------------------------------------------------
unset label
unset arrow
unset object
unset xlabel
unset ylabel
set origin 0, 0
set size 1, 1
unset tmargin; unset bmargin; unset lmargin; unset rmargin
if (strlen(out_file) > 0) { unset output }
undefine _p _plots _top _hdr _ftr _i _nk _rows _k _e _text _more _sign _rgb _x _dy _points _gaps _fit _jp _jx
