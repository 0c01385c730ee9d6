// SPDX-License-Identifier: GPL-2.0
/*
 * osfp_emu: .cmis module image parser and image helpers.
 *
 * Format: '#' starts a comment to the end of the line.  A header line
 * "lower" or "page <hex> [bank <n>]" is followed by exactly 128 byte tokens
 * of two hex digits each, over any number of lines.  A token ending in ':'
 * is an offset label and is ignored.  "lower" is required, a page may appear
 * once per bank, pages 00h-0Fh are not banked.  A line "flags one-shot" or
 * "flags persistent" (the default), at most one, outside a section, says
 * how the latched flags set in the image behave (see emu_module.c).
 *
 * The parser is strict and reports the first error with its line number;
 * a section with the wrong number of bytes is reported at its header line.
 */

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "emu_priv.h"

struct emu_parser {
	struct emu_image *img;
	u8 (*slots)[EMU_PAGE_SIZE];
	unsigned int nslots;
	unsigned int maxslots;
	bool lower_seen;
	bool flags_seen;
	/* current section */
	u8 *dest;		/* NULL: no section yet */
	unsigned int count;	/* byte tokens seen in the section */
	unsigned int line;	/* line of the section header */
	int page;		/* -1 for lower */
	unsigned int bank;
	char *err;
	size_t errlen;
};

static bool emu_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Next token in [*pos, end), stopping at a comment. Returns its length. */
static size_t emu_next_token(const char **pos, const char *end,
			     const char **tok)
{
	const char *s = *pos;
	const char *t;

	while (s < end && emu_is_space(*s))
		s++;
	if (s >= end || *s == '#') {
		*pos = end;
		return 0;
	}
	t = s;
	while (s < end && !emu_is_space(*s) && *s != '#')
		s++;
	*tok = t;
	*pos = s;
	return s - t;
}

static bool emu_tok_is(const char *tok, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(tok, word, len);
}

static void emu_section_name(const struct emu_parser *ps, char *buf,
			     size_t len)
{
	if (ps->page < 0)
		strscpy(buf, "lower", len);
	else if (ps->bank)
		snprintf(buf, len, "page %02x bank %u", ps->page, ps->bank);
	else
		snprintf(buf, len, "page %02x", ps->page);
}

static int emu_finish_section(struct emu_parser *ps)
{
	char name[32];

	if (!ps->dest || ps->count == EMU_PAGE_SIZE)
		return 0;
	emu_section_name(ps, name, sizeof(name));
	snprintf(ps->err, ps->errlen, "line %u: %s: expected %u bytes, got %u",
		 ps->line, name, EMU_PAGE_SIZE, ps->count);
	return -EINVAL;
}

/* Parse a small number token; @base as for kstrtou8(). */
static int emu_tok_u8(const char *tok, size_t len, unsigned int base, u8 *val)
{
	char buf[8];

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, tok, len);
	buf[len] = '\0';
	return kstrtou8(buf, base, val);
}

static int emu_header(struct emu_parser *ps, unsigned int line,
		      const char *tok, size_t len, const char *pos,
		      const char *end)
{
	const char *t[4], *extra;
	size_t l[4];
	unsigned int n = 0;
	u8 page, bank = 0;
	int ret;

	ret = emu_finish_section(ps);
	if (ret)
		return ret;

	t[n] = tok;
	l[n++] = len;
	while (n < ARRAY_SIZE(t) && (l[n] = emu_next_token(&pos, end, &t[n])))
		n++;
	if (n == ARRAY_SIZE(t) && emu_next_token(&pos, end, &extra)) {
		snprintf(ps->err, ps->errlen,
			 "line %u: extra tokens after the header", line);
		return -EINVAL;
	}

	if (emu_tok_is(t[0], l[0], "lower")) {
		if (n != 1) {
			snprintf(ps->err, ps->errlen,
				 "line %u: 'lower' takes no arguments", line);
			return -EINVAL;
		}
		if (ps->lower_seen) {
			snprintf(ps->err, ps->errlen,
				 "line %u: duplicate 'lower'", line);
			return -EINVAL;
		}
		ps->lower_seen = true;
		ps->dest = ps->img->lower;
		ps->page = -1;
		ps->bank = 0;
		goto start;
	}

	/* "page <hex> [bank <n>]" */
	if (n != 2 && n != 4)
		goto bad_header;
	if (emu_tok_u8(t[1], l[1], 16, &page)) {
		snprintf(ps->err, ps->errlen, "line %u: bad page number '%.*s'",
			 line, (int)min_t(size_t, l[1], 16), t[1]);
		return -EINVAL;
	}
	if (n == 4) {
		if (!emu_tok_is(t[2], l[2], "bank"))
			goto bad_header;
		if (emu_tok_u8(t[3], l[3], 10, &bank)) {
			snprintf(ps->err, ps->errlen,
				 "line %u: bad bank number '%.*s'",
				 line, (int)min_t(size_t, l[3], 16), t[3]);
			return -EINVAL;
		}
		if (bank >= EMU_MAX_BANKS) {
			snprintf(ps->err, ps->errlen,
				 "line %u: bank %u out of range (0-%u)",
				 line, bank, EMU_MAX_BANKS - 1);
			return -EINVAL;
		}
		if (page < 0x10 && bank) {
			snprintf(ps->err, ps->errlen,
				 "line %u: page %02x is not banked", line, page);
			return -EINVAL;
		}
	}
	if (ps->img->idx[bank][page]) {
		snprintf(ps->err, ps->errlen,
			 "line %u: duplicate page %02x bank %u", line, page,
			 bank);
		return -EINVAL;
	}
	if (ps->nslots >= ps->maxslots) {
		snprintf(ps->err, ps->errlen, "line %u: too many pages", line);
		return -EINVAL;
	}
	ps->img->idx[bank][page] = ++ps->nslots;
	ps->dest = ps->slots[ps->nslots - 1];
	ps->page = page;
	ps->bank = bank;
start:
	ps->count = 0;
	ps->line = line;
	return 0;

bad_header:
	snprintf(ps->err, ps->errlen,
		 "line %u: bad header (expected 'lower' or 'page <hex> [bank <n>]')",
		 line);
	return -EINVAL;
}

/* "flags one-shot" or "flags persistent": ends the section before it */
static int emu_flags_line(struct emu_parser *ps, unsigned int line,
			  const char *pos, const char *end)
{
	const char *tok, *extra;
	size_t len;
	int ret;

	ret = emu_finish_section(ps);
	if (ret)
		return ret;
	ps->dest = NULL;	/* bytes after it need a header */
	len = emu_next_token(&pos, end, &tok);
	if (emu_next_token(&pos, end, &extra) ||
	    (!emu_tok_is(tok, len, "one-shot") && !emu_tok_is(tok, len, "persistent"))) {
		snprintf(ps->err, ps->errlen,
			 "line %u: bad flags line (expected 'flags one-shot' or 'flags persistent')",
			 line);
		return -EINVAL;
	}
	if (ps->flags_seen) {
		snprintf(ps->err, ps->errlen, "line %u: duplicate 'flags'", line);
		return -EINVAL;
	}
	ps->flags_seen = true;
	ps->img->flags_one_shot = emu_tok_is(tok, len, "one-shot");
	return 0;
}

static int emu_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int emu_parse_line(struct emu_parser *ps, unsigned int line,
			  const char *pos, const char *end)
{
	const char *tok;
	size_t len;
	int hi, lo;

	len = emu_next_token(&pos, end, &tok);
	if (!len)
		return 0;
	if (emu_tok_is(tok, len, "lower") || emu_tok_is(tok, len, "page"))
		return emu_header(ps, line, tok, len, pos, end);
	if (emu_tok_is(tok, len, "flags"))
		return emu_flags_line(ps, line, pos, end);

	do {
		if (tok[len - 1] == ':')
			continue;	/* offset label */
		hi = len == 2 ? emu_hex_digit(tok[0]) : -1;
		lo = len == 2 ? emu_hex_digit(tok[1]) : -1;
		if (hi < 0 || lo < 0) {
			snprintf(ps->err, ps->errlen,
				 "line %u: bad byte '%.*s' (expected two hex digits)",
				 line, (int)min_t(size_t, len, 16), tok);
			return -EINVAL;
		}
		if (!ps->dest) {
			snprintf(ps->err, ps->errlen,
				 "line %u: bytes before a 'lower' or 'page' header",
				 line);
			return -EINVAL;
		}
		if (ps->count < EMU_PAGE_SIZE)
			ps->dest[ps->count] = hi << 4 | lo;
		ps->count++;
	} while ((len = emu_next_token(&pos, end, &tok)));

	return 0;
}

/**
 * emu_image_parse() - parse a .cmis module image
 * @text: the image text (need not be NUL terminated)
 * @len: its length
 * @err: where to put the error text
 * @errlen: size of @err
 *
 * Return: the new image, ERR_PTR(-EINVAL) with @err set if the text is not a
 * valid image, or ERR_PTR(-ENOMEM).
 */
struct emu_image *emu_image_parse(const char *text, size_t len,
				  char *err, size_t errlen)
{
	struct emu_parser ps = { .err = err, .errlen = errlen };
	const char *pos = text, *end = text + len, *eol;
	struct emu_image *img = NULL;
	unsigned int line = 1;
	int ret;

	/* A complete page takes at least 384 characters, and only one
	 * incomplete page is held before the parser fails, so this bounds the
	 * number of pages without a first pass.
	 */
	ps.maxslots = min_t(size_t, len / 256 + 2, EMU_MAX_BANKS * 256);
	ps.slots = kvmalloc_array(ps.maxslots, EMU_PAGE_SIZE, GFP_KERNEL);
	ps.img = kzalloc(sizeof(*ps.img), GFP_KERNEL);
	if (!ps.slots || !ps.img) {
		ret = -ENOMEM;
		goto out;
	}

	while (pos < end) {
		eol = memchr(pos, '\n', end - pos);
		if (!eol)
			eol = end;
		ret = emu_parse_line(&ps, line, pos, eol);
		if (ret)
			goto out;
		pos = eol + 1;
		line++;
	}
	ret = emu_finish_section(&ps);
	if (ret)
		goto out;
	if (!ps.lower_seen) {
		snprintf(err, errlen, "no 'lower' section");
		ret = -EINVAL;
		goto out;
	}

	if (ps.nslots) {
		ps.img->data = kvmalloc_array(ps.nslots, EMU_PAGE_SIZE,
					      GFP_KERNEL);
		if (!ps.img->data) {
			ret = -ENOMEM;
			goto out;
		}
		memcpy(ps.img->data, ps.slots, ps.nslots * EMU_PAGE_SIZE);
	}
	ps.img->npages = ps.nslots;
	img = ps.img;
	ps.img = NULL;
	ret = 0;
out:
	kvfree(ps.slots);
	emu_image_free(ps.img);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	return ret ? ERR_PTR(ret) : img;
}

/**
 * emu_image_dup() - duplicate an image
 * @src: the image
 *
 * Return: the copy, or NULL if out of memory.
 */
struct emu_image *emu_image_dup(const struct emu_image *src)
{
	struct emu_image *img;

	img = kmemdup(src, sizeof(*src), GFP_KERNEL);
	if (!img)
		return NULL;
	img->data = NULL;
	if (src->npages) {
		img->data = kvmalloc_array(src->npages, EMU_PAGE_SIZE,
					   GFP_KERNEL);
		if (!img->data) {
			kfree(img);
			return NULL;
		}
		memcpy(img->data, src->data, src->npages * EMU_PAGE_SIZE);
	}
	return img;
}

/**
 * emu_image_copy() - copy the contents of an image into one of equal layout
 * @dst: destination, made by emu_image_dup() of @src or of its original
 * @src: source
 */
void emu_image_copy(struct emu_image *dst, const struct emu_image *src)
{
	memcpy(dst->lower, src->lower, sizeof(dst->lower));
	if (src->npages)
		memcpy(dst->data, src->data, src->npages * EMU_PAGE_SIZE);
}

/**
 * emu_image_free() - free an image
 * @img: the image, or NULL
 */
void emu_image_free(struct emu_image *img)
{
	if (!img)
		return;
	kvfree(img->data);
	kfree(img);
}

/**
 * emu_image_page() - find an upper page of an image
 * @img: the image
 * @page: page number
 * @bank: bank number (ignored for pages 00h-0Fh)
 *
 * Return: the page's 128 bytes, or NULL if the image does not have it.
 */
u8 *emu_image_page(struct emu_image *img, u8 page, u8 bank)
{
	u16 i;

	if (page < 0x10)
		bank = 0;
	if (bank >= EMU_MAX_BANKS)
		return NULL;
	i = img->idx[bank][page];
	return i ? img->data[i - 1] : NULL;
}
