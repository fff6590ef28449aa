# style.gp -- the look shared by every extrad chart.
#
# Chart scripts set the output variables below (usually from their ARG values) and
# then `load` this file before drawing:
#
#   out_file   = ARG1       # file to write; '' leaves the terminal alone
#   out_format = ARG2       # 'pdf', 'png' or 'svg'
#   out_size   = ARG3       # 'WxH': centimetres for pdf, pixels for png and svg;
#                           # '' picks the default for the format: 17x10.5 cm (across
#                           # an A4 page) or 1200x675 pixels
#   load style_file         # this file's path, as extrad passes it
#
# It sets the terminal (when out_file is not ''), the palette, the line types and the
# frame, and defines font_title, font_subtitle, font_body, font_note, font_title_bold,
# font_body_bold, font_value and font_share, and the text colours c_text, c_text2,
# c_note and c_nodata. out_scale is the terminal's text scale: a picture larger than
# the default in both directions gets larger text and lines, so the layout of the
# chart scripts (in character units of font_body) holds at any size.
#
# Text is drawn literally (the terminal is set to noenhanced), so names taken from
# data such as `El_Mencho` or `A & B {2}` show as written. With an enhanced terminal,
# gnuplot 5.4 warns about markup it cannot parse while measuring text, even text
# marked `noenhanced`, and extrad treats any gnuplot warning as a failure. A script
# that wants markup in its own fixed labels may set `out_enhanced = 1` before loading
# this file, but only if it draws no data-derived text at all.
#
# Rules for scripts (see src/render/gnuplot.h): data reaches gnuplot only through data files
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
# DejaVu Sans covers the accents of Spanish names (Debian package fonts-dejavu-core);
# SVG names a stack of fallbacks for browsers without it (src/render/svg.c).
# Sizes are gnuplot font sizes, which the terminal's fontscale (below) scales: pdfcairo
# draws size x fontscale x 4/3 points. At the reference size (17 x 10.5 cm PDF, and in
# the report) the title is 11.6 pt, the subtitle 8.8 pt, body text 8.4 pt and notes
# 8 pt; src/render/chart.c wraps long texts and places labels for exactly these sizes, so the
# two must change together.
font_family = 'DejaVu Sans'
fs_title    = 14.5
fs_subtitle = 11
fs_body     = 10.5
fs_note     = 10
# The font strings are made below, once the output is known (the svg terminal does not
# scale character cells with its fontscale, so SVG scales the sizes instead).

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
    # Reference sizes: a chart across an A4 page, and a 16:9 image.
    if (out_format eq 'pdf') {
        out_w = 17.0; out_h = 10.5; _ref_w = 17.0; _ref_h = 10.5; _scale = 0.6
    } else {
        if (out_format eq 'png' || out_format eq 'svg') {
            out_w = 1200; out_h = 675; _ref_w = 1200; _ref_h = 675
            # the same proportions as the PDF: text fills the same share of the picture
            _scale = (out_format eq 'png') ? 1.47 : 1.55
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
    if (!(out_w > 0 && out_h > 0)) {
        exit error sprintf('style.gp: out_size ''%s'' is not a positive WxH', out_size)
    }
    # Text and lines grow with the picture (by the smaller of the two ratios to the
    # reference size), so a chart keeps its layout at any size of the same shape and
    # only gains room when it is wider or taller.
    out_scale = _scale * ((out_w / _ref_w < out_h / _ref_h) ? out_w / _ref_w : out_h / _ref_h)
    # an SVG for a web page keeps its text at a size readable on screen, whatever its
    # size (svg_body_px, from the chart's values.gp); src/render/chart.c lays it out for that
    if (out_format eq 'svg' && exists('svg_body_px')) {
        if (svg_body_px > 0) { out_scale = svg_body_px / fs_body }
    }
    _lw = (out_format eq 'pdf') ? out_scale / 0.6 : (out_format eq 'png') ? out_scale / 1.47 * 1.25 : out_scale / 1.55 * 1.25
    _fmul = (out_format eq 'svg') ? out_scale : 1
    font_body = sprintf('%s,%g', font_family, fs_body * _fmul)
    if (out_format eq 'pdf') {
        set terminal pdfcairo color font font_body size out_w cm, out_h cm fontscale out_scale linewidth _lw
    }
    if (out_format eq 'png') {
        set terminal pngcairo color font font_body size out_w, out_h background rgb 'white' \
            fontscale out_scale linewidth _lw
    }
    if (out_format eq 'svg') {
        set terminal svg size out_w, out_h dynamic font font_body background rgb 'white' \
            linewidth _lw
    }
    undefine _ref_w _ref_h _scale _lw _fmul
    if (out_enhanced) {
        set termoption enhanced
    } else {
        set termoption noenhanced
    }
    set output out_file
}

# --- Fonts, sized for the output --------------------------------------------------------
# Bold is 'Family:Bold'. The svg terminal writes that as a font family, which extrad
# turns into font-weight="bold" after gnuplot has finished (src/render/chart.c).
_fmul = (strlen(out_file) > 0 && out_format eq 'svg') ? out_scale : 1
_bold = ':Bold'
# a long title or subtitle is set a little smaller to keep to two lines (title_scale and
# subtitle_scale, from the chart's values.gp)
if (!exists('title_scale'))    title_scale = 1
if (!exists('subtitle_scale')) subtitle_scale = 1
font_title      = sprintf('%s,%g', font_family, fs_title * title_scale * _fmul)
font_subtitle   = sprintf('%s,%g', font_family, fs_subtitle * subtitle_scale * _fmul)
font_body       = sprintf('%s,%g', font_family, fs_body * _fmul)
font_note       = sprintf('%s,%g', font_family, fs_note * _fmul)
font_title_bold = sprintf('%s%s,%g', font_family, _bold, fs_title * title_scale * _fmul)
font_body_bold  = sprintf('%s%s,%g', font_family, _bold, fs_body * _fmul)
font_value      = sprintf('%s%s,%g', font_family, _bold, 12 * _fmul)
font_share      = sprintf('%s%s,%g', font_family, _bold, 15 * _fmul)
undefine _bold _fmul
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
# extrad writes its data files tab-separated (see src/render/gnuplot.h).
set datafile separator tab

# Text colours: subtitles and notes a step lighter than the data.
c_text  = '#202020'
c_text2 = '#505050'
c_note  = '#6A6A6A'
# hatching of years without a figure (svg draws patterns with heavier lines)
c_nodata = (out_format eq 'svg') ? '#C0C0C0' : '#9A9A9A'
