#include "theme.h"

static const struct {
	short fg, bg;		/* -1: the terminal's default */
	attr_t attr;		/* added in colour mode */
	attr_t mono;		/* the whole look without colour */
} slots[THEME_COUNT] = {
	[THEME_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[THEME_TITLE] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[THEME_BORDER] = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
	[THEME_BORDER_FOCUS] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[THEME_HEADER] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[THEME_SELECTION] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[THEME_SELECTION_DIM] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL,
	    A_UNDERLINE },
	[THEME_RUNNING] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[THEME_PAUSED] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[THEME_SHUTOFF] = { -1, -1, A_DIM, A_DIM },
	[THEME_CRASHED] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_BLINK },
	[THEME_STATUS] = { -1, -1, A_NORMAL, A_NORMAL },
	[THEME_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[THEME_HINT_KEY] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[THEME_HINT] = { -1, -1, A_NORMAL, A_NORMAL },
	[THEME_DIALOG] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
};

static bool colour;

bool
theme_init(bool use_color)
{
	colour = use_color && has_colors();
	if (!colour)
		return false;
	start_color();
	use_default_colors();
	for (short s = 1; s < THEME_COUNT; s++)
		init_pair(s, slots[s].fg, slots[s].bg);
	return true;
}

attr_t
theme_attr(enum theme_slot slot)
{
	if (!colour)
		return slots[slot].mono;
	return slot == THEME_NORMAL ? A_NORMAL :
	    (attr_t)COLOR_PAIR(slot) | slots[slot].attr;
}
