# style.gp -- the look shared by every extrad chart.
#
# Chart scripts set the output variables below (usually from their ARG values) and
# then `load` this file before drawing:
#
#   out_file   = ARG1       # file to write; '' leaves the terminal alone
#   out_format = ARG2       # 'pdf', 'png' or 'svg'
#   out_size   = ARG3       # 'WxH': centimetres for pdf, pixels for png and svg;
#                           # '' picks the default for the format
#   load style_file         # this file's path, as extrad passes it
#
# Text is drawn literally (the terminal is set to noenhanced), so names taken from
# data such as `El_Mencho` or `A & B {2}` show as written. With an enhanced terminal,
# gnuplot 5.4 warns about markup it cannot parse while measuring text, even text
# marked `noenhanced`, and extrad treats any gnuplot warning as a failure. A script
# that wants markup in its own fixed labels may set `out_enhanced = 1` before loading
# this file, but only if it draws no data-derived text at all.
#
# Rules for scripts (see src/gnuplot.h): data reaches gnuplot only through data files
# read with `using`, or as string variables written by extrad; no system(), backquotes,
# `@` macros, `load`/`call` of anything but our own scripts, and no double-quoted
# strings built from data.

set encoding utf8

# --- Colours ----------------------------------------------------------------------
# The Okabe-Ito palette: distinguishable with the common forms of colour blindness.
c_black      = '#000000'
c_orange     = '#E69F00'
c_skyblue    = '#56B4E9'
c_green      = '#009E73'
c_yellow     = '#F0E442'
c_blue       = '#0072B2'
c_vermillion = '#D55E00'
c_purple     = '#CC79A7'
# Greys for the furniture: notes and axes, and the light grid behind the data.
c_grey       = '#808080'
c_axis       = '#404040'
c_grid       = '#E0E0E0'

# --- Fonts ---------------------------------------------------------------------------
# DejaVu Sans covers the accents of Spanish names (Debian package fonts-dejavu-core).
font_family = 'DejaVu Sans'
fs_title    = 14
fs_subtitle = 11
fs_body     = 10
fs_note     = 8
font_title    = sprintf('%s,%g', font_family, fs_title)
font_subtitle = sprintf('%s,%g', font_family, fs_subtitle)
font_body     = sprintf('%s,%g', font_family, fs_body)
font_note     = sprintf('%s,%g', font_family, fs_note)

# --- Output --------------------------------------------------------------------------
if (!exists('out_file'))     out_file = ''
if (!exists('out_format'))   out_format = ''
if (!exists('out_size'))     out_size = ''
if (!exists('out_enhanced')) out_enhanced = 0

if (strlen(out_file) > 0) {
    # Output names are made by extrad; a leading '|' would make gnuplot run a command.
    if (out_file[1:1] eq '|' || out_file[1:1] eq '<') {
        exit error 'style.gp: refusing an output file name that starts with | or <'
    }
    if (out_format eq 'pdf') {
        out_w = 16.0; out_h = 10.0
    } else {
        if (out_format eq 'png' || out_format eq 'svg') {
            out_w = 1200; out_h = 750
        } else {
            exit error sprintf('style.gp: unknown out_format ''%s'' (pdf, png or svg)', out_format)
        }
    }
    if (strlen(out_size) > 0) {
        _x = strstrt(out_size, 'x')
        if (_x < 2 || _x == strlen(out_size)) {
            exit error sprintf('style.gp: out_size ''%s'' is not WxH', out_size)
        }
        out_w = real(out_size[1:_x-1])
        out_h = real(out_size[_x+1:])
        undefine _x
    }
    if (out_format eq 'pdf') {
        set terminal pdfcairo color font font_body size out_w cm, out_h cm
    }
    if (out_format eq 'png') {
        set terminal pngcairo color font font_body size out_w, out_h background rgb 'white'
    }
    if (out_format eq 'svg') {
        set terminal svg size out_w, out_h dynamic font font_body background rgb 'white'
    }
    if (out_enhanced) {
        set termoption enhanced
    } else {
        set termoption noenhanced
    }
    set output out_file
}

# --- Lines -------------------------------------------------------------------------
# Series colours in order; yellow last because it is faint on white.
set linetype 1 lc rgb c_blue       lw 2 pt 7  ps 0.8 dt solid
set linetype 2 lc rgb c_vermillion lw 2 pt 5  ps 0.8 dt solid
set linetype 3 lc rgb c_green      lw 2 pt 9  ps 0.8 dt solid
set linetype 4 lc rgb c_orange     lw 2 pt 13 ps 0.8 dt solid
set linetype 5 lc rgb c_skyblue    lw 2 pt 11 ps 0.8 dt solid
set linetype 6 lc rgb c_purple     lw 2 pt 15 ps 0.8 dt solid
set linetype 7 lc rgb c_black      lw 2 pt 3  ps 0.8 dt solid
set linetype 8 lc rgb c_yellow     lw 2 pt 1  ps 0.8 dt solid
set linetype cycle 8
# The same as line styles, for `with lines ls N`.
do for [_ls = 1:8] {
    set style line _ls lt _ls
}
undefine _ls
# 100-102: furniture (grid, axes, notes).
set style line 100 lc rgb c_grid lw 0.5 dt solid
set style line 101 lc rgb c_axis lw 1   dt solid
set style line 102 lc rgb c_grey lw 1   dt solid

# --- Frame -------------------------------------------------------------------------
set border 3 back ls 101
set tics out nomirror scale 0.75 textcolor rgb c_axis
set grid xtics ytics back ls 100, ls 100
set key top left reverse Left nobox samplen 2 spacing 1.2 font font_body textcolor rgb c_axis
set title font font_title textcolor rgb c_black
set xlabel font font_body textcolor rgb c_axis
set ylabel font font_body textcolor rgb c_axis
set style fill solid 0.85 noborder
set style histogram clustered gap 1
set boxwidth 0.8 relative
# extrad writes its data files tab-separated (see src/gnuplot.h).
set datafile separator tab
