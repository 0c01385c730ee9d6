// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs ABI of a cage: /sys/class/osfp/<label>/ (see
 * Documentation/ABI/testing/sysfs-class-osfp). A thin adapter: values come
 * from the core's caches under the cage lock, controls go through the
 * core's services.
 *
 *  - Module attributes: the identity and capabilities decoded when the
 *    module was identified (cage->mod), the state machine's state, and the
 *    controls (reset, lpmode, power_policy).
 *  - lane<N>/, one directory per lane of the module, created and removed by
 *    osfp_sysfs_sync() when the module changes: the latched flags and their
 *    event counters from the core's flag cache (no bus access), Tx disable
 *    (page 10h, read and written live) and the data path status (page 11h,
 *    read at most once a second per bank).
 *  - eeprom: the module memory in SONiC's optoe linear layout, banked
 *    pages included (two bank layouts, chosen by eeprom_bank_pages),
 *    through the core's checked module access.
 *
 * Lock order as in core.c: the sysfs (kernfs) locks, then cage->lock.
 * osfp_sysfs_sync() adds and removes directories, which waits for the
 * callbacks in progress, so it runs without cage->lock.
 */

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kobject.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "osfp_compat.h"
#include "osfp_core.h"

/* lane<N>/ directories: every lane of every bank the core accepts */
#define OSFP_SYS_LANES		(OSFP_MAX_BANKS * CMIS_LANES_PER_BANK)

/* Page 10h (lane controls): OutputDisableTx, one bit per lane of the bank */
#define OSFP_SYS_PAGE_LANE_CTRL	0x10
#define OSFP_SYS_TX_DISABLE	130
/*
 * Page 11h (lane status): DPStateHostLane at 128-131, a nibble per lane
 * (lane 1 in bits 3-0 of byte 128), and the active DPConfigLane at 206-213
 * (AppSel in bits 7-4, DataPathID in bits 3-1). Neither range holds a
 * latched flag, so reading them consumes nothing.
 */
#define OSFP_SYS_PAGE_LANE_STATUS	0x11
#define OSFP_SYS_DP_STATE	128
#define OSFP_SYS_DP_CONFIG	206
#define OSFP_SYS_STATUS_MS	1000	/* longest life of a page 11h read */

/*
 * The eeprom file: SONiC's optoe linear layout for CMIS ("optoe3"): lower
 * memory at 0, page P of bank 0 at 128 * (P + 1). Banks, two layouts, set
 * per cage by eeprom_bank_pages:
 *  - 256 (default): bank b as a block of 256 pages, page P of bank b at
 *    128 * (256 * b + P + 1), as sonic_xcvr's CmisPage.linear_offset() and
 *    optoe's merged bank support (max_bank_size) compute it; pages 00h-0Fh
 *    of a bank b >= 1 show the unbanked pages;
 *  - 240: only pages 10h-FFh are repeated, page P >= 10h of bank b >= 1 at
 *    128 * (240 * b + P + 1), as optoe's first bank patch (bank_size) did.
 * Banks 0-3: as many as page 01h byte 142 can advertise.
 */
#define OSFP_EE_HALF		128
#define OSFP_EE_UNBANKED	16	/* pages 00h-0Fh */
#define OSFP_EE_ARCH		256	/* pages of a bank, default layout */
#define OSFP_EE_BANKED		240	/* pages 10h-FFh of a bank */
#define OSFP_EE_SIZE		((OSFP_MAX_BANKS * OSFP_EE_ARCH + 1) * OSFP_EE_HALF)
#define OSFP_EE_SIZE_240	((OSFP_MAX_BANKS * OSFP_EE_BANKED + \
				  OSFP_EE_UNBANKED + 1) * OSFP_EE_HALF)

/* Serializes osfp_sysfs_sync(): its check-then-create of directories */
static DEFINE_MUTEX(osfp_sysfs_sync_lock);

static struct osfp_cage *osfp_cdev_to_cage(struct device *cdev)
{
	return container_of(cdev, struct osfp_cage, cdev);
}

/*
 * Why there is no module data to show: -ENODEV without a module, -EAGAIN
 * while it is not identified yet, -EIO while its management interface
 * fails. Called with cage->lock held.
 */
static int osfp_module_err(const struct osfp_cage *cage)
{
	if (osfp_module_identified(cage))
		return 0;
	if (cage->state == OSFP_SM_ERROR)
		return -EIO;
	return cage->present ? -EAGAIN : -ENODEV;
}

/*
 * The error a file operation reports for a failed module access: ENODEV,
 * EAGAIN, EINVAL and EPERM as they are, EIO for the rest (bus errors, and
 * the core's EOPNOTSUPP for a page or bank the module does not advertise).
 */
static int osfp_io_err(int err)
{
	switch (err) {
	case -ENODEV:
	case -EAGAIN:
	case -EINVAL:
	case -EPERM:
		return err;
	default:
		return -EIO;
	}
}

/* @buf without its one optional trailing newline is exactly @word */
static bool osfp_sysfs_is(const char *buf, size_t count, const char *word)
{
	size_t len = strlen(word);

	if (count && buf[count - 1] == '\n')
		count--;
	return count == len && !memcmp(buf, word, len);
}

/* Exactly "0" or "1", with one optional trailing newline */
static int osfp_sysfs_bool(const char *buf, size_t count, bool *val)
{
	if (osfp_sysfs_is(buf, count, "0"))
		*val = false;
	else if (osfp_sysfs_is(buf, count, "1"))
		*val = true;
	else
		return -EINVAL;
	return 0;
}

/*
 * Attributes that only a CMIS module has answer -EOPNOTSUPP for an
 * SFF-8636 module (@sff false) or an unknown one, rather than a CMIS
 * decoding of bytes that mean something else there.
 */
static int osfp_cmis_only(const struct osfp_cage *cage, bool sff)
{
	if (cage->mod.mgmt == CMIS_MGMT_CMIS ||
	    (sff && cage->mod.mgmt == CMIS_MGMT_SFF8636))
		return 0;
	return -EOPNOTSUPP;
}

/* ---- cage and module attributes ---- */

static ssize_t present_show(struct device *cdev, struct device_attribute *attr, char *buf)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	bool present;

	mutex_lock(&cage->lock);
	present = cage->present;
	mutex_unlock(&cage->lock);

	return sysfs_emit(buf, "%d\n", present);
}
static DEVICE_ATTR_RO(present);

static ssize_t module_state_show(struct device *cdev, struct device_attribute *attr,
				 char *buf)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	enum osfp_sm_state state;

	mutex_lock(&cage->lock);
	state = cage->state;
	mutex_unlock(&cage->lock);

	return sysfs_emit(buf, "%s\n", osfp_sm_state_name(state));
}
static DEVICE_ATTR_RO(module_state);

/*
 * A read-only attribute of the identified module: osfp_emit_<name>(cage,
 * buf) formats it under cage->lock; before, the error of osfp_module_err().
 */
#define OSFP_MODULE_ATTR_RO(_name)					\
static ssize_t _name##_show(struct device *cdev,			\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);		\
	ssize_t ret;							\
									\
	mutex_lock(&cage->lock);					\
	ret = osfp_module_err(cage);					\
	if (!ret)							\
		ret = osfp_emit_##_name(cage, buf);			\
	mutex_unlock(&cage->lock);					\
	return ret;							\
}									\
static DEVICE_ATTR_RO(_name)

static ssize_t osfp_emit_identifier(struct osfp_cage *cage, char *buf)
{
	return sysfs_emit(buf, "0x%02x\n", cage->identifier);
}
OSFP_MODULE_ATTR_RO(identifier);

static ssize_t osfp_emit_fault_cause(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	return sysfs_emit(buf, "0x%02x\n", cage->mod.fault_cause);
}
OSFP_MODULE_ATTR_RO(fault_cause);

static ssize_t osfp_emit_identity_trusted(struct osfp_cage *cage, char *buf)
{
	return sysfs_emit(buf, "%d\n", cage->mod.trusted);
}
OSFP_MODULE_ATTR_RO(identity_trusted);

static ssize_t osfp_emit_cmis_revision(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%u.%u\n", cage->mod.id.rev.major, cage->mod.id.rev.minor);
}
OSFP_MODULE_ATTR_RO(cmis_revision);

static ssize_t osfp_emit_vendor_name(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%s\n", cage->mod.id.vendor_name);
}
OSFP_MODULE_ATTR_RO(vendor_name);

static ssize_t osfp_emit_vendor_oui(struct osfp_cage *cage, char *buf)
{
	u32 oui = cage->mod.id.vendor_oui;
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%02x:%02x:%02x\n", (oui >> 16) & 0xff, (oui >> 8) & 0xff,
			  oui & 0xff);
}
OSFP_MODULE_ATTR_RO(vendor_oui);

static ssize_t osfp_emit_vendor_pn(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%s\n", cage->mod.id.part_number);
}
OSFP_MODULE_ATTR_RO(vendor_pn);

static ssize_t osfp_emit_vendor_rev(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%s\n", cage->mod.id.revision);
}
OSFP_MODULE_ATTR_RO(vendor_rev);

static ssize_t osfp_emit_vendor_sn(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%s\n", cage->mod.id.serial);
}
OSFP_MODULE_ATTR_RO(vendor_sn);

static ssize_t osfp_emit_date_code(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%s\n", cage->mod.id.date_code);
}
OSFP_MODULE_ATTR_RO(date_code);

static ssize_t osfp_emit_firmware_version(struct osfp_cage *cage, char *buf)
{
	const struct cmis_version *v = &cage->mod.id.fw_active;
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%u.%u\n", v->major, v->minor);
}
OSFP_MODULE_ATTR_RO(firmware_version);

/* Page 01h: not on flat memory */
static ssize_t osfp_emit_firmware_inactive_version(struct osfp_cage *cage, char *buf)
{
	const struct cmis_version *v = &cage->mod.id.fw_inactive;
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	if (!cage->mod.id.has_page01)
		return -ENODATA;
	return sysfs_emit(buf, "%u.%u\n", v->major, v->minor);
}
OSFP_MODULE_ATTR_RO(firmware_inactive_version);

static ssize_t osfp_emit_hardware_revision(struct osfp_cage *cage, char *buf)
{
	const struct cmis_version *v = &cage->mod.id.hw;
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	if (!cage->mod.id.has_page01)
		return -ENODATA;
	return sysfs_emit(buf, "%u.%u\n", v->major, v->minor);
}
OSFP_MODULE_ATTR_RO(hardware_revision);

static const char * const osfp_media_types[] = {
	[CMIS_MEDIA_TYPE_UNDEFINED] = "undefined",
	[CMIS_MEDIA_TYPE_MMF] = "mmf",
	[CMIS_MEDIA_TYPE_SMF] = "smf",
	[CMIS_MEDIA_TYPE_PASSIVE_CU] = "passive-copper",
	[CMIS_MEDIA_TYPE_ACTIVE_CABLE] = "active-cable",
	[CMIS_MEDIA_TYPE_BASE_T] = "base-t",
};

static ssize_t osfp_emit_media_type(struct osfp_cage *cage, char *buf)
{
	u8 type = cage->mod.id.media_type;
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	if (type < ARRAY_SIZE(osfp_media_types))
		return sysfs_emit(buf, "%s\n", osfp_media_types[type]);
	return sysfs_emit(buf, "0x%02x\n", type);
}
OSFP_MODULE_ATTR_RO(media_type);

static ssize_t osfp_emit_power_class(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%u\n", cage->mod.id.power_class);
}
OSFP_MODULE_ATTR_RO(power_class);

static ssize_t osfp_emit_max_power_mw(struct osfp_cage *cage, char *buf)
{
	int ret = osfp_cmis_only(cage, true);

	if (ret)
		return ret;
	return sysfs_emit(buf, "%u\n", cage->mod.id.max_power_mw);
}
OSFP_MODULE_ATTR_RO(max_power_mw);

static ssize_t osfp_emit_lane_count(struct osfp_cage *cage, char *buf)
{
	return sysfs_emit(buf, "%u\n", cage->mod.lanes);
}
OSFP_MODULE_ATTR_RO(lane_count);

/*
 * One advertised application per line:
 * "<AppSel> <host interface> -> <media interface> host <n> media <n> lanes
 * 0x<host lane assignment options>"; an interface ID the decoder has no
 * name for is shown as 0x<id>.
 */
static ssize_t osfp_emit_applications(struct osfp_cage *cage, char *buf)
{
	const struct cmis_app *app;
	struct cmis_apps apps;
	const char *host, *media;
	char hbuf[8], mbuf[8];
	unsigned int i;
	int len = 0;
	int ret = osfp_cmis_only(cage, false);

	if (ret)
		return ret;
	if (cmis_decode_apps(&cage->mod.pages, &apps))
		return -ENODATA;
	for (i = 0; i < apps.count; i++) {
		app = &apps.app[i];
		host = cmis_host_if_name(app->host_id);
		if (!host) {
			snprintf(hbuf, sizeof(hbuf), "0x%02x", app->host_id);
			host = hbuf;
		}
		media = cmis_media_if_name(apps.media_type, app->media_id);
		if (!media) {
			snprintf(mbuf, sizeof(mbuf), "0x%02x", app->media_id);
			media = mbuf;
		}
		len += sysfs_emit_at(buf, len, "%u %s -> %s host %u media %u lanes 0x%02x\n",
				     app->appsel, host, media, app->host_lanes,
				     app->media_lanes, app->host_lane_mask);
	}
	return len;
}
OSFP_MODULE_ATTR_RO(applications);

/*
 * Page 11h bytes 128-131 and 206-213 of @bank, read at most once a second.
 * Called with cage->lock held, module identified, paged memory.
 */
static int osfp_lane_status_get(struct osfp_cage *cage, unsigned int bank,
				const struct osfp_lane_status **status)
{
	struct osfp_lane_status *st = &cage->mod.lane_status;
	int ret;

	*status = st;
	if ((st->valid & BIT(bank)) &&
	    time_before(jiffies, st->stamp[bank] + msecs_to_jiffies(OSFP_SYS_STATUS_MS)))
		return 0;

	st->valid &= ~BIT(bank);
	ret = osfp_access_read(cage, bank, OSFP_SYS_PAGE_LANE_STATUS, OSFP_SYS_DP_STATE,
			       st->dp_state[bank], sizeof(st->dp_state[bank]));
	if (!ret)
		ret = osfp_access_read(cage, bank, OSFP_SYS_PAGE_LANE_STATUS,
				       OSFP_SYS_DP_CONFIG, st->dp_config[bank],
				       sizeof(st->dp_config[bank]));
	if (ret) {
		osfp_log_access_err(cage, "reading", bank, OSFP_SYS_PAGE_LANE_STATUS, ret);
		return osfp_io_err(ret);
	}
	st->stamp[bank] = jiffies;
	st->valid |= BIT(bank);
	return 0;
}

/* The AppSel codes the module's lanes use, ascending; "" when none */
static ssize_t osfp_emit_active_application(struct osfp_cage *cage, char *buf)
{
	const struct osfp_lane_status *st;
	unsigned int bank, i;
	unsigned long used = 0;
	int len = 0, ret;

	ret = osfp_cmis_only(cage, false);
	if (ret)
		return ret;

	if (cage->mod.id.flat_mem)
		return -ENODATA;
	for (bank = 0; bank < cage->mod.banks; bank++) {
		ret = osfp_lane_status_get(cage, bank, &st);
		if (ret)
			return ret;
		for (i = 0; i < CMIS_LANES_PER_BANK; i++)
			used |= BIT(st->dp_config[bank][i] >> 4);
	}
	for (i = 1; i <= CMIS_MAX_APPS; i++)
		if (used & BIT(i))
			len += sysfs_emit_at(buf, len, "%s%u", len ? " " : "", i);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
OSFP_MODULE_ATTR_RO(active_application);

/* ---- controls ---- */

static ssize_t reset_store(struct device *cdev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	int ret;

	if (!osfp_sysfs_is(buf, count, "1"))
		return -EINVAL;
	ret = osfp_module_reset_request(cage, NULL);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(reset);

static ssize_t lpmode_show(struct device *cdev, struct device_attribute *attr, char *buf)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	bool lp;

	mutex_lock(&cage->lock);
	lp = cage->lp_request;
	mutex_unlock(&cage->lock);

	return sysfs_emit(buf, "%d\n", lp);
}

static ssize_t lpmode_store(struct device *cdev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	bool lp;
	int ret;

	ret = osfp_sysfs_bool(buf, count, &lp);
	if (!ret)
		ret = osfp_set_lp_request(cage, lp, NULL);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(lpmode);

static ssize_t power_policy_show(struct device *cdev, struct device_attribute *attr,
				 char *buf)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	enum osfp_power_policy policy;

	mutex_lock(&cage->lock);
	policy = cage->policy;
	mutex_unlock(&cage->lock);

	return sysfs_emit(buf, "%s\n", policy == OSFP_POWER_HIGH ? "high" : "auto");
}

static ssize_t power_policy_store(struct device *cdev, struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	enum osfp_power_policy policy;
	int ret;

	if (osfp_sysfs_is(buf, count, "high"))
		policy = OSFP_POWER_HIGH;
	else if (osfp_sysfs_is(buf, count, "auto"))
		policy = OSFP_POWER_AUTO;
	else
		return -EINVAL;
	ret = osfp_set_power_policy(cage, policy, NULL);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(power_policy);

/* ---- eeprom ---- */

/* Whether the cage's eeprom file has banks 240 pages apart (else 256) */
static bool osfp_ee_240(struct osfp_cage *cage)
{
	bool b240;

	mutex_lock(&cage->lock);
	b240 = cage->ee_bank_240;
	mutex_unlock(&cage->lock);
	return b240;
}

static ssize_t eeprom_bank_pages_show(struct device *cdev, struct device_attribute *attr,
				      char *buf)
{
	return sysfs_emit(buf, "%u\n", osfp_ee_240(osfp_cdev_to_cage(cdev)) ?
			  OSFP_EE_BANKED : OSFP_EE_ARCH);
}

static ssize_t eeprom_bank_pages_store(struct device *cdev, struct device_attribute *attr,
				       const char *buf, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	bool b240;

	if (osfp_sysfs_is(buf, count, "256"))
		b240 = false;
	else if (osfp_sysfs_is(buf, count, "240"))
		b240 = true;
	else
		return -EINVAL;

	mutex_lock(&cage->lock);
	cage->ee_bank_240 = b240;
	mutex_unlock(&cage->lock);
	return count;
}
static DEVICE_ATTR_RW(eeprom_bank_pages);

/*
 * Where linear offset @pos of the eeprom file lands in the layout (240 or
 * 256 pages a bank): @bank, @page, @offset in the module's 256-byte window,
 * and @room, the bytes left in its half. False past the end of the layout.
 */
static bool osfp_ee_map(loff_t pos, bool b240, u8 *bank, u8 *page, u8 *offset,
			size_t *room)
{
	unsigned int p = pos, vpage, b = 0;

	if (pos >= (b240 ? OSFP_EE_SIZE_240 : OSFP_EE_SIZE))
		return false;
	*room = OSFP_EE_HALF - p % OSFP_EE_HALF;
	if (p < OSFP_EE_HALF) {
		*bank = 0;
		*page = 0;
		*offset = p;
		return true;
	}
	vpage = p / OSFP_EE_HALF - 1;
	if (!b240) {
		b = vpage / OSFP_EE_ARCH;
		vpage %= OSFP_EE_ARCH;
		if (vpage < OSFP_EE_UNBANKED)
			b = 0;	/* pages 00h-0Fh have no banks */
	} else if (vpage >= OSFP_EE_UNBANKED + OSFP_EE_BANKED) {
		b = (vpage - OSFP_EE_UNBANKED) / OSFP_EE_BANKED;
		vpage -= b * OSFP_EE_BANKED;
	}
	*bank = b;
	*page = vpage;
	*offset = OSFP_EE_HALF + p % OSFP_EE_HALF;
	return true;
}

static ssize_t eeprom_read(struct file *filp, struct kobject *kobj,
			   OSFP_BIN_ATTR_CONST struct bin_attribute *attr,
			   char *buf, loff_t pos, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(kobj_to_dev(kobj));
	bool b240 = osfp_ee_240(cage);
	u8 bank, page, offset;
	size_t done = 0, room, n;
	int ret;

	while (done < count &&
	       osfp_ee_map(pos + done, b240, &bank, &page, &offset, &room)) {
		n = min(count - done, room);
		ret = osfp_eeprom_read(cage, bank, page, offset, buf + done, n, NULL);
		/*
		 * Not EAGAIN while the module is being identified: Python's
		 * unbuffered read returns None for it, which its readers
		 * (SONiC's among them) take for data. EIO is an error to all.
		 */
		if (ret == -EAGAIN)
			ret = -EIO;
		if (ret < 0)
			return done ? done : osfp_io_err(ret);
		done += n;
	}
	return done;
}

static ssize_t eeprom_write(struct file *filp, struct kobject *kobj,
			    OSFP_BIN_ATTR_CONST struct bin_attribute *attr,
			    char *buf, loff_t pos, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(kobj_to_dev(kobj));
	bool b240 = osfp_ee_240(cage);
	u8 bank, page, offset;
	size_t done = 0, room, n;
	int ret;

	while (done < count &&
	       osfp_ee_map(pos + done, b240, &bank, &page, &offset, &room)) {
		n = min(count - done, room);
		ret = osfp_eeprom_write(cage, bank, page, offset, buf + done, n, NULL);
		/* Python's unbuffered write returns None for EAGAIN: see above */
		if (ret == -EAGAIN)
			ret = -EIO;
		if (ret < 0)
			return done ? done : osfp_io_err(ret);
		done += n;
	}
	/* past the end of the 240-page layout, as past the end of the file */
	return done || !count ? done : -EFBIG;
}
static BIN_ATTR_ADMIN_RW(eeprom, OSFP_EE_SIZE);

static struct attribute *osfp_cage_attrs[] = {
	&dev_attr_present.attr,
	&dev_attr_module_state.attr,
	&dev_attr_fault_cause.attr,
	&dev_attr_identity_trusted.attr,
	&dev_attr_identifier.attr,
	&dev_attr_cmis_revision.attr,
	&dev_attr_vendor_name.attr,
	&dev_attr_vendor_oui.attr,
	&dev_attr_vendor_pn.attr,
	&dev_attr_vendor_rev.attr,
	&dev_attr_vendor_sn.attr,
	&dev_attr_date_code.attr,
	&dev_attr_firmware_version.attr,
	&dev_attr_firmware_inactive_version.attr,
	&dev_attr_hardware_revision.attr,
	&dev_attr_media_type.attr,
	&dev_attr_power_class.attr,
	&dev_attr_max_power_mw.attr,
	&dev_attr_lane_count.attr,
	&dev_attr_applications.attr,
	&dev_attr_active_application.attr,
	&dev_attr_reset.attr,
	&dev_attr_lpmode.attr,
	&dev_attr_power_policy.attr,
	&dev_attr_eeprom_bank_pages.attr,
	NULL
};

static OSFP_BIN_ATTR_CONST struct bin_attribute *OSFP_BIN_ATTR_CONST osfp_cage_bin_attrs[] = {
	&bin_attr_eeprom,
	NULL
};

static const struct attribute_group osfp_cage_group = {
	.attrs = osfp_cage_attrs,
	.bin_attrs = osfp_cage_bin_attrs,
};

const struct attribute_group *osfp_cage_groups[] = {
	&osfp_cage_group,
	&osfp_fw_group,
	NULL
};

/* ---- lanes ---- */

/**
 * enum osfp_lane_item - what a lane attribute shows
 * @OSFP_LANE_TX_DISABLE: OutputDisableTx (page 10h byte 130), live
 * @OSFP_LANE_FLAG: a latched flag of page 11h, from the flag cache
 * @OSFP_LANE_EVENTS: times that flag was seen rising since insertion
 * @OSFP_LANE_DP_STATE: data path state (page 11h bytes 128-131)
 * @OSFP_LANE_DP_ID: DataPathID of the active DPConfigLane (206-213)
 * @OSFP_LANE_APPSEL: AppSel of the active DPConfigLane (206-213)
 */
enum osfp_lane_item {
	OSFP_LANE_TX_DISABLE,
	OSFP_LANE_FLAG,
	OSFP_LANE_EVENTS,
	OSFP_LANE_DP_STATE,
	OSFP_LANE_DP_ID,
	OSFP_LANE_APPSEL,
};

/**
 * struct osfp_lane_attr - an attribute of a lane<N>/ directory
 * @dattr: the device attribute
 * @item: what it shows, &enum osfp_lane_item
 * @flag: page 11h byte of the flag (%OSFP_LANE_FLAG, %OSFP_LANE_EVENTS)
 */
struct osfp_lane_attr {
	struct device_attribute dattr;
	u8 item;
	u8 flag;
};

/* The latched lane flags shown, and their page 11h bytes */
static const struct {
	const char *name;
	const char *events;
	u8 byte;
} osfp_lane_flags[] = {
	{ "tx_fault", "tx_fault_events", 135 },
	{ "tx_los", "tx_los_events", 136 },
	{ "tx_cdr_lol", "tx_cdr_lol_events", 137 },
	{ "rx_los", "rx_los_events", 147 },
	{ "rx_cdr_lol", "rx_cdr_lol_events", 148 },
};

static const char * const osfp_dp_states[] = {
	[CMIS_DP_STATE_DEACTIVATED] = "deactivated",
	[CMIS_DP_STATE_INIT] = "init",
	[CMIS_DP_STATE_DEINIT] = "deinit",
	[CMIS_DP_STATE_ACTIVATED] = "activated",
	[CMIS_DP_STATE_TX_TURN_ON] = "tx-turn-on",
	[CMIS_DP_STATE_TX_TURN_OFF] = "tx-turn-off",
	[CMIS_DP_STATE_INITIALIZED] = "initialized",
};

static ssize_t osfp_lane_show(struct device *cdev, struct device_attribute *attr,
			      char *buf);
static ssize_t osfp_lane_store(struct device *cdev, struct device_attribute *attr,
			       const char *buf, size_t count);

#define OSFP_LANE_ATTR(_name, _mode, _store, _item, _flag) {		\
	.dattr = __ATTR(_name, _mode, osfp_lane_show, _store),		\
	.item = _item,							\
	.flag = _flag,							\
}

/* The attributes of a lane<N>/ directory */
#define OSFP_LANE_ATTRS {						\
	OSFP_LANE_ATTR(tx_disable, 0644, osfp_lane_store, OSFP_LANE_TX_DISABLE, 0), \
	OSFP_LANE_ATTR(tx_fault, 0444, NULL, OSFP_LANE_FLAG, 135),	\
	OSFP_LANE_ATTR(tx_fault_events, 0444, NULL, OSFP_LANE_EVENTS, 135), \
	OSFP_LANE_ATTR(tx_los, 0444, NULL, OSFP_LANE_FLAG, 136),	\
	OSFP_LANE_ATTR(tx_los_events, 0444, NULL, OSFP_LANE_EVENTS, 136), \
	OSFP_LANE_ATTR(tx_cdr_lol, 0444, NULL, OSFP_LANE_FLAG, 137),	\
	OSFP_LANE_ATTR(tx_cdr_lol_events, 0444, NULL, OSFP_LANE_EVENTS, 137), \
	OSFP_LANE_ATTR(rx_los, 0444, NULL, OSFP_LANE_FLAG, 147),	\
	OSFP_LANE_ATTR(rx_los_events, 0444, NULL, OSFP_LANE_EVENTS, 147), \
	OSFP_LANE_ATTR(rx_cdr_lol, 0444, NULL, OSFP_LANE_FLAG, 148),	\
	OSFP_LANE_ATTR(rx_cdr_lol_events, 0444, NULL, OSFP_LANE_EVENTS, 148), \
	OSFP_LANE_ATTR(datapath_state, 0444, NULL, OSFP_LANE_DP_STATE, 0), \
	OSFP_LANE_ATTR(data_path_id, 0444, NULL, OSFP_LANE_DP_ID, 0),	\
	OSFP_LANE_ATTR(appsel, 0444, NULL, OSFP_LANE_APPSEL, 0),	\
}

#define OSFP_LANE_NATTRS	14

/*
 * Lane N's attributes are osfp_lane_attrs[N - 1]: the lane is found from an
 * attribute's place. The attribute lists and the groups are filled in by
 * osfp_lanes_init() the first time they are needed.
 */
static struct osfp_lane_attr osfp_lane_attrs[OSFP_SYS_LANES][OSFP_LANE_NATTRS] = {
	[0 ... OSFP_SYS_LANES - 1] = OSFP_LANE_ATTRS,
};

static struct attribute *osfp_lane_attr_lists[OSFP_SYS_LANES][OSFP_LANE_NATTRS + 1];
static struct attribute_group osfp_lane_groups[OSFP_SYS_LANES];
static bool osfp_lanes_ready;	/* under osfp_sysfs_sync_lock */

static const char * const osfp_lane_names[OSFP_SYS_LANES] = {
	"lane1", "lane2", "lane3", "lane4", "lane5", "lane6", "lane7", "lane8",
	"lane9", "lane10", "lane11", "lane12", "lane13", "lane14", "lane15", "lane16",
	"lane17", "lane18", "lane19", "lane20", "lane21", "lane22", "lane23", "lane24",
	"lane25", "lane26", "lane27", "lane28", "lane29", "lane30", "lane31", "lane32",
};

static void osfp_lanes_init(void)
{
	unsigned int i, k;

	lockdep_assert_held(&osfp_sysfs_sync_lock);
	if (osfp_lanes_ready)
		return;
	for (i = 0; i < OSFP_SYS_LANES; i++) {
		for (k = 0; k < OSFP_LANE_NATTRS; k++)
			osfp_lane_attr_lists[i][k] = &osfp_lane_attrs[i][k].dattr.attr;
		osfp_lane_groups[i].name = osfp_lane_names[i];
		osfp_lane_groups[i].attrs = osfp_lane_attr_lists[i];
	}
	osfp_lanes_ready = true;
}

/* The lane (1-based) of a lane attribute: from its place in osfp_lane_attrs */
static unsigned int osfp_lane_of(const struct osfp_lane_attr *la)
{
	return (la - &osfp_lane_attrs[0][0]) / OSFP_LANE_NATTRS + 1;
}

/* The lane exists on the identified module. Called with cage->lock held. */
static int osfp_lane_err(const struct osfp_cage *cage, unsigned int lane)
{
	int ret = osfp_module_err(cage);

	if (!ret && lane > cage->mod.lanes)
		ret = -ENODEV;
	if (!ret)
		ret = osfp_cmis_only(cage, false);
	return ret;
}

static ssize_t osfp_lane_show(struct device *cdev, struct device_attribute *attr,
			      char *buf)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	const struct osfp_lane_attr *la = container_of(attr, struct osfp_lane_attr, dattr);
	unsigned int lane = osfp_lane_of(la);
	unsigned int bank = cmis_lane_bank(lane);
	unsigned int bit = (lane - 1) % CMIS_LANES_PER_BANK;
	unsigned int flag = la->flag - OSFP_LANE_FLAGS_FIRST;
	const struct osfp_lane_status *st;
	u8 val, state;
	ssize_t ret;

	mutex_lock(&cage->lock);
	ret = osfp_lane_err(cage, lane);
	if (ret)
		goto out;

	switch (la->item) {
	case OSFP_LANE_TX_DISABLE:
		ret = osfp_access_read(cage, bank, OSFP_SYS_PAGE_LANE_CTRL, OSFP_SYS_TX_DISABLE,
				       &val, 1);
		if (ret) {
			osfp_log_access_err(cage, "reading", bank, OSFP_SYS_PAGE_LANE_CTRL, ret);
			ret = osfp_io_err(ret);
		} else {
			ret = sysfs_emit(buf, "%d\n", !!(val & BIT(bit)));
		}
		break;
	case OSFP_LANE_FLAG:
		ret = sysfs_emit(buf, "%d\n", !!(cage->flags.lane[bank][flag] & BIT(bit)));
		break;
	case OSFP_LANE_EVENTS:
		ret = sysfs_emit(buf, "%u\n", cage->flags.lane_events[lane - 1][flag]);
		break;
	default:
		ret = osfp_lane_status_get(cage, bank, &st);
		if (ret)
			break;
		val = st->dp_config[bank][bit];
		if (la->item == OSFP_LANE_DP_ID) {
			ret = sysfs_emit(buf, "%u\n", (val >> 1) & 7);
		} else if (la->item == OSFP_LANE_APPSEL) {
			ret = sysfs_emit(buf, "%u\n", val >> 4);
		} else {
			state = (st->dp_state[bank][bit / 2] >> (4 * (bit % 2))) & 0xf;
			if (state < ARRAY_SIZE(osfp_dp_states) && osfp_dp_states[state])
				ret = sysfs_emit(buf, "%s\n", osfp_dp_states[state]);
			else
				ret = sysfs_emit(buf, "reserved-%u\n", state);
		}
		break;
	}
out:
	mutex_unlock(&cage->lock);
	return ret;
}

/* tx_disable: read-modify-write of OutputDisableTx under the lock */
static ssize_t osfp_lane_store(struct device *cdev, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct osfp_cage *cage = osfp_cdev_to_cage(cdev);
	const struct osfp_lane_attr *la = container_of(attr, struct osfp_lane_attr, dattr);
	unsigned int lane = osfp_lane_of(la);
	unsigned int bank = cmis_lane_bank(lane);
	unsigned int bit = (lane - 1) % CMIS_LANES_PER_BANK;
	u8 old, val;
	bool off;
	int ret;

	if (la->item != OSFP_LANE_TX_DISABLE)
		return -EINVAL;
	ret = osfp_sysfs_bool(buf, count, &off);
	if (ret)
		return ret;

	mutex_lock(&cage->lock);
	ret = osfp_lane_err(cage, lane);
	if (!ret && !cage->mod.caps.tx_disable)
		ret = -EOPNOTSUPP;
	if (!ret)
		ret = osfp_access_read(cage, bank, OSFP_SYS_PAGE_LANE_CTRL, OSFP_SYS_TX_DISABLE,
				       &old, 1);
	if (!ret) {
		val = off ? old | BIT(bit) : old & ~BIT(bit);
		if (val != old)
			ret = osfp_access_write(cage, bank, OSFP_SYS_PAGE_LANE_CTRL,
						OSFP_SYS_TX_DISABLE, &val, 1);
		/* The data path follows: read its state afresh */
		cage->mod.lane_status.valid &= ~BIT(bank);
	}
	mutex_unlock(&cage->lock);
	if (ret == -EOPNOTSUPP)
		return ret;
	return ret ? osfp_io_err(ret) : count;
}

/* Whether directory lane<@lane + 1> exists */
static bool osfp_lane_shown(struct osfp_cage *cage, unsigned int lane)
{
	struct kernfs_node *kn;
	bool shown;

	kn = sysfs_get_dirent(cage->cdev.kobj.sd, osfp_lane_names[lane]);
	shown = kn;
	sysfs_put(kn);
	return shown;
}

/**
 * osfp_sysfs_sync() - make the lane directories match the module
 * @cage: the cage
 *
 * Shows lane1/ .. lane<N>/ for the N lanes of the identified module and
 * nothing otherwise, and sends a change uevent for the class device when
 * that changed. The directories are added and removed here rather than by
 * the groups' visibility, which before 6.10 cannot hide a group's directory.
 * Cheap when nothing changed: call it after every state change.
 *
 * Context: process context, without the cage lock (removing a directory
 * waits for its callbacks, which take it).
 */
void osfp_sysfs_sync(struct osfp_cage *cage)
{
	struct kobject *kobj = &cage->cdev.kobj;
	unsigned int lanes, i;
	bool changed = false;
	int ret;

	mutex_lock(&cage->lock);
	lanes = cage->stopping || !osfp_module_identified(cage) ||
		cage->mod.mgmt != CMIS_MGMT_CMIS ? 0 : cage->mod.lanes;
	mutex_unlock(&cage->lock);
	lanes = min_t(unsigned int, lanes, OSFP_SYS_LANES);

	mutex_lock(&osfp_sysfs_sync_lock);
	osfp_lanes_init();
	if (!device_is_registered(&cage->cdev))
		goto out;
	/* The directories shown are always lane1 .. lane<k>: check the edge */
	if ((!lanes || osfp_lane_shown(cage, lanes - 1)) &&
	    (lanes == OSFP_SYS_LANES || !osfp_lane_shown(cage, lanes)))
		goto out;

	for (i = 0; i < OSFP_SYS_LANES; i++) {
		if (i < lanes && !osfp_lane_shown(cage, i)) {
			ret = sysfs_create_group(kobj, &osfp_lane_groups[i]);
			if (ret) {
				dev_warn(cage->dev, "%s: creating %s/: %pe\n", cage->label,
					 osfp_lane_names[i], ERR_PTR(ret));
				break;
			}
			changed = true;
		} else if (i >= lanes && osfp_lane_shown(cage, i)) {
			sysfs_remove_group(kobj, &osfp_lane_groups[i]);
			changed = true;
		}
	}
	if (changed)
		kobject_uevent(kobj, KOBJ_CHANGE);
out:
	mutex_unlock(&osfp_sysfs_sync_lock);
}

/**
 * osfp_sysfs_notify_flags() - wake pollers of flag attributes that changed
 * @cage: the cage
 * @dirty: the flag bits whose cached value changed
 *
 * For every lane flag shown in sysfs (tx_fault, tx_los, tx_cdr_lol, rx_los,
 * rx_cdr_lol) whose bit is in @dirty, notifies lane<N>/<flag> and
 * lane<N>/<flag>_events.
 *
 * Context: process context, without the cage lock.
 */
void osfp_sysfs_notify_flags(struct osfp_cage *cage, const struct osfp_flag_dirty *dirty)
{
	struct kobject *kobj = &cage->cdev.kobj;
	unsigned int bank, f, bit;
	const char *dir;
	u8 bits;

	for (bank = 0; bank < OSFP_MAX_BANKS; bank++) {
		for (f = 0; f < ARRAY_SIZE(osfp_lane_flags); f++) {
			bits = dirty->lane[bank][osfp_lane_flags[f].byte - OSFP_LANE_FLAGS_FIRST];
			for (bit = 0; bits && bit < CMIS_LANES_PER_BANK; bit++) {
				if (!(bits & BIT(bit)))
					continue;
				dir = osfp_lane_names[bank * CMIS_LANES_PER_BANK + bit];
				sysfs_notify(kobj, dir, osfp_lane_flags[f].name);
				sysfs_notify(kobj, dir, osfp_lane_flags[f].events);
			}
		}
	}
}
