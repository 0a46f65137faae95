// Leviathan's shim over MuJoCo 2.2.2: field getters (so C# never depends on struct layouts),
// fatal-error handling for worker processes, and loading a model from text.
// Built by Leviathan.Simulation.csproj: gcc -O2 -shared -fPIC shim.c -o libleviathan_mj.so -lmujoco
#include <mujoco/mujoco.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#define LEV_API __attribute__((visibility("default")))

// ---------------------------------------------------------------- messages
// MuJoCo's default error handler prints and calls exit(1); its warning handler prints to stdout,
// which carries the worker protocol. Fatal errors end the worker with a marker line on stderr that
// the host reads; warnings are kept in a ring the worker drains after each request.

#define LEV_FATAL_EXIT 86
#define LEV_NWARN 32
#define LEV_WARNLEN 512

static char lev_warn_text[LEV_NWARN][LEV_WARNLEN];
static int lev_warn_count = 0;

static void lev_on_error(const char* msg) {
  fprintf(stderr, "\nLEVIATHAN_MUJOCO_FATAL: %s\n", msg ? msg : "(no message)");
  fflush(stderr);
  _exit(LEV_FATAL_EXIT);
}

static void lev_on_warning(const char* msg) {
  if (lev_warn_count < LEV_NWARN) {
    strncpy(lev_warn_text[lev_warn_count], msg ? msg : "", LEV_WARNLEN - 1);
    lev_warn_text[lev_warn_count][LEV_WARNLEN - 1] = 0;
  }
  lev_warn_count++;
}

LEV_API int lev_fatal_exit_code(void) { return LEV_FATAL_EXIT; }

// Cache-line aligned allocations: where the hot mjData buffer lands otherwise depends on the heap's
// history, which made small models step measurably slower in a long-lived worker than in a fresh process.
static void* lev_malloc(size_t size) {
  void* p = NULL;
  return posix_memalign(&p, 64, size ? size : 1) == 0 ? p : NULL;
}

static void lev_free(void* p) { free(p); }

LEV_API void lev_install_handlers(void) {
  mju_user_error = lev_on_error;
  mju_user_warning = lev_on_warning;
  mju_user_malloc = lev_malloc;
  mju_user_free = lev_free;
}

// Number of warnings raised since the last clear (may exceed the ones kept).
LEV_API int lev_warning_total(void) { return lev_warn_count; }

LEV_API const char* lev_warning_text(int i) {
  return (i >= 0 && i < lev_warn_count && i < LEV_NWARN) ? lev_warn_text[i] : NULL;
}

LEV_API void lev_clear_warnings(void) { lev_warn_count = 0; }

// Moves the process's stdout (fd 1) to stderr and returns a private copy of the original stdout,
// so that native prints can never corrupt the protocol stream.
LEV_API int lev_protect_stdout(void) {
  fflush(stdout);
  int fd = dup(1);
  if (fd < 0) return -1;
  if (dup2(2, 1) < 0) return -1;
  return fd;
}

// Test hook: raises a MuJoCo error the way the engine does.
LEV_API void lev_raise_error(const char* msg) { mju_error(msg); }

// ---------------------------------------------------------------- loading

// Loads MJCF text as if it were the file at virtual_path (assets resolve from its folder).
// The virtual file system is 2 MB (2000 file names of 1000 bytes): one is made once per process and holds only the
// model text while it loads. A fresh one per load cost an allocation, its zeroing and its page faults every time,
// about a sixth of compiling a small generated scene (docs/simulation.md). Loads take turns.
static mjVFS* lev_vfs = NULL;
static pthread_mutex_t lev_vfs_lock = PTHREAD_MUTEX_INITIALIZER;

// As lev_load_xml_text, with nfiles more files in the virtual file system while the model loads (meshes the host made
// in memory): their names back to back, each with its terminating zero, their contents back to back, and their sizes.
// MuJoCo looks a file up there by its name without folders before it tries the disk.
LEV_API mjModel* lev_load_xml_text_files(const char* text, const char* virtual_path, int nfiles, const char* names,
                                         const unsigned char* data, const int* sizes, char* error, int error_size) {
  const char* base = strrchr(virtual_path, '/');
  base = base ? base + 1 : virtual_path;
  pthread_mutex_lock(&lev_vfs_lock);
  if (!lev_vfs) {
    lev_vfs = (mjVFS*)malloc(sizeof(mjVFS));
    if (!lev_vfs) {
      pthread_mutex_unlock(&lev_vfs_lock);
      snprintf(error, error_size, "out of memory for the virtual file system");
      return NULL;
    }
    mj_defaultVFS(lev_vfs);
  }
  int size = (int)strlen(text);
  if (mj_makeEmptyFileVFS(lev_vfs, base, size) != 0) {
    pthread_mutex_unlock(&lev_vfs_lock);
    snprintf(error, error_size, "could not create the virtual model file '%s'", base);
    return NULL;
  }
  int id = mj_findFileVFS(lev_vfs, base);
  memcpy(lev_vfs->filedata[id], text, size);

  mjModel* m = NULL;
  int added = 0;
  const char* name = names;
  const unsigned char* content = data;
  for (; added < nfiles; added++) {
    if (mj_makeEmptyFileVFS(lev_vfs, name, sizes[added]) != 0) {
      snprintf(error, error_size, "could not add the file '%s' to the virtual file system (a second file of that name?)", name);
      break;
    }
    memcpy(lev_vfs->filedata[mj_findFileVFS(lev_vfs, name)], content, sizes[added]);
    content += sizes[added];
    name += strlen(name) + 1;
  }

  if (added == nfiles) {
    m = mj_loadXML(virtual_path, lev_vfs, error, error_size);
  }

  // Last in, first out: MuJoCo 2.2.2's mj_deleteFileVFS loops for ever when it deletes any but the last file (its
  // loop that moves the later files forward never advances).
  for (int i = added - 1; i >= 0; i--) {
    const char* last = names;
    for (int k = 0; k < i; k++) {
      last += strlen(last) + 1;
    }
    mj_deleteFileVFS(lev_vfs, last);
  }
  mj_deleteFileVFS(lev_vfs, base);
  pthread_mutex_unlock(&lev_vfs_lock);
  return m;
}

LEV_API mjModel* lev_load_xml_text(const char* text, const char* virtual_path, char* error, int error_size) {
  return lev_load_xml_text_files(text, virtual_path, 0, NULL, NULL, NULL, error, error_size);
}

// ---------------------------------------------------------------- model fields

LEV_API int lev_nq(const mjModel* m) { return m->nq; }
LEV_API int lev_nv(const mjModel* m) { return m->nv; }
LEV_API int lev_nu(const mjModel* m) { return m->nu; }
LEV_API int lev_na(const mjModel* m) { return m->na; }
LEV_API int lev_nbody(const mjModel* m) { return m->nbody; }
LEV_API int lev_njnt(const mjModel* m) { return m->njnt; }
LEV_API int lev_ngeom(const mjModel* m) { return m->ngeom; }
LEV_API int lev_nsite(const mjModel* m) { return m->nsite; }
LEV_API int lev_nmocap(const mjModel* m) { return m->nmocap; }
LEV_API int lev_neq(const mjModel* m) { return m->neq; }
LEV_API int lev_ntendon(const mjModel* m) { return m->ntendon; }
LEV_API int lev_nmesh(const mjModel* m) { return m->nmesh; }
LEV_API int lev_nkey(const mjModel* m) { return m->nkey; }
LEV_API double lev_timestep(const mjModel* m) { return m->opt.timestep; }
LEV_API void lev_set_timestep(mjModel* m, double dt) { m->opt.timestep = dt; }
LEV_API int lev_geom_bodyid(const mjModel* m, int i) { return m->geom_bodyid[i]; }
LEV_API int lev_body_parentid(const mjModel* m, int i) { return m->body_parentid[i]; }
LEV_API int lev_actuator_ctrllimited(const mjModel* m, int i) { return m->actuator_ctrllimited[i]; }
LEV_API double lev_actuator_ctrl_min(const mjModel* m, int i) { return m->actuator_ctrlrange[2 * i]; }
LEV_API double lev_actuator_ctrl_max(const mjModel* m, int i) { return m->actuator_ctrlrange[2 * i + 1]; }
LEV_API int lev_actuator_forcelimited(const mjModel* m, int i) { return m->actuator_forcelimited[i]; }
LEV_API double lev_actuator_force_min(const mjModel* m, int i) { return m->actuator_forcerange[2 * i]; }
LEV_API double lev_actuator_force_max(const mjModel* m, int i) { return m->actuator_forcerange[2 * i + 1]; }

// ---------------------------------------------------------------- data fields (stable pointers)

LEV_API double* lev_time(mjData* d) { return &d->time; }
LEV_API double* lev_qpos(mjData* d) { return d->qpos; }
LEV_API double* lev_qvel(mjData* d) { return d->qvel; }
LEV_API double* lev_qacc(mjData* d) { return d->qacc; }
LEV_API double* lev_ctrl(mjData* d) { return d->ctrl; }
LEV_API double* lev_actuator_force(mjData* d) { return d->actuator_force; }
LEV_API double* lev_xpos(mjData* d) { return d->xpos; }
LEV_API double* lev_xquat(mjData* d) { return d->xquat; }
LEV_API double* lev_site_xpos(mjData* d) { return d->site_xpos; }
LEV_API int* lev_ncon(mjData* d) { return &d->ncon; }
LEV_API int lev_nwarning_kinds(void) { return mjNWARNING; }

// Number of times warning kind (mjtWarning) was raised since the last reset.
LEV_API int lev_warning_number(const mjData* d, int kind) { return d->warning[kind].number; }
LEV_API int lev_warning_lastinfo(const mjData* d, int kind) { return d->warning[kind].lastinfo; }
// Pointer to the counters, laid out as {lastinfo, number} per kind.
LEV_API int* lev_warning_stats(mjData* d) { return (int*)d->warning; }

LEV_API int lev_contact(const mjData* d, int i, double* dist, int* geom1, int* geom2, int* exclude) {
  if (i < 0 || i >= d->ncon) return 0;
  const mjContact* c = d->contact + i;
  *dist = c->dist;
  *geom1 = c->geom1;
  *geom2 = c->geom2;
  *exclude = c->exclude;
  return 1;
}

// ---------------------------------------------------------------- geometry (exact penetration depths)

LEV_API int lev_geom_type(const mjModel* m, int g) { return m->geom_type[g]; }
LEV_API int lev_geom_dataid(const mjModel* m, int g) { return m->geom_dataid[g]; }

// The geom's size parameters (3), world position (3) and row-major world orientation (9), after mj_forward.
LEV_API void lev_geom_frame(const mjModel* m, const mjData* d, int g, double* size, double* pos, double* mat) {
  for (int i = 0; i < 3; i++) { size[i] = m->geom_size[3 * g + i]; pos[i] = d->geom_xpos[3 * g + i]; }
  for (int i = 0; i < 9; i++) mat[i] = d->geom_xmat[9 * g + i];
}

LEV_API int lev_mesh_vertnum(const mjModel* m, int mesh) { return m->mesh_vertnum[mesh]; }

// The mesh's vertices in its geom's frame (3 per vertex; out holds 3 * vertnum).
LEV_API void lev_mesh_verts(const mjModel* m, int mesh, double* out) {
  const float* v = m->mesh_vert + 3 * m->mesh_vertadr[mesh];
  for (int i = 0; i < 3 * m->mesh_vertnum[mesh]; i++) out[i] = v[i];
}

// The triangles MuJoCo collides the mesh as: its convex hull's faces when the compiler built the hull (the
// graph: numvert, numface, vert_edgeadr[numvert], vert_globalid[numvert], edge_localid[numvert + 3 numface],
// face_globalid[3 numface]), else the mesh's own faces. Vertex indices are the mesh's own. Returns the
// triangle count; writes at most capacity triangles (3 ints each) into out when out is not NULL.
LEV_API int lev_mesh_collision_faces(const mjModel* m, int mesh, int* out, int capacity) {
  int adr = m->mesh_graphadr[mesh];
  const int* faces;
  int count;
  if (adr >= 0) {
    const int* graph = m->mesh_graph + adr;
    int numvert = graph[0];
    count = graph[1];
    faces = graph + 2 + numvert + numvert + (numvert + 3 * count);
  } else {
    count = m->mesh_facenum[mesh];
    faces = m->mesh_face + 3 * m->mesh_faceadr[mesh];
  }
  if (out != NULL) {
    int n = count < capacity ? count : capacity;
    for (int i = 0; i < 3 * n; i++) out[i] = faces[i];
  }
  return count;
}

// ---------------------------------------------------------------- stepping

static int lev_bad_count(const mjData* d) {
  return d->warning[mjWARN_BADQACC].number + d->warning[mjWARN_BADQVEL].number + d->warning[mjWARN_BADQPOS].number;
}

// Per-actuator force statistics, LEV_FORCE_STATS doubles per actuator (layout shared with
// Running/ActuatorForceTracker.cs): peak |actuator_force|, the time it was first reached, seconds spent at
// the force limit in total, the current and the longest unbroken stretch at the limit, and when the longest
// began. actuator_force is what MuJoCo applied during the step (after clamping to forcerange).
#define LEV_FORCE_STATS 6

LEV_API int lev_force_stats_width(void) { return LEV_FORCE_STATS; }

static void lev_track_forces(const mjModel* m, const mjData* d, double t, double* stats) {
  double dt = m->opt.timestep;
  for (int i = 0; i < m->nu; i++) {
    double* s = stats + LEV_FORCE_STATS * i;
    double f = d->actuator_force[i];
    double a = fabs(f);
    if (a > s[0]) { s[0] = a; s[1] = t; }
    int at_limit = 0;
    if (m->actuator_forcelimited[i]) {
      double lo = m->actuator_forcerange[2 * i], hi = m->actuator_forcerange[2 * i + 1];
      double tol = 1e-9 * fmax(1.0, fmax(fabs(lo), fabs(hi)));
      at_limit = f >= hi - tol || f <= lo + tol;
    }
    if (at_limit) {
      s[2] += dt;
      s[3] += dt;
      if (s[3] > s[4] + 0.5 * dt) { s[4] = s[3]; s[5] = t + dt - s[3]; }
    } else {
      s[3] = 0;
    }
  }
}

// Steps up to n times and stops after a step that diverged. Returns the steps taken and sets *why:
// 0 none, 1 MuJoCo raised bad qacc/qvel/qpos (it resets the state), 2 a non-finite state, 3 a joint
// speed above max_speed (then *speed holds it). When force_stats is not NULL, every step also updates
// the actuator force statistics (see lev_track_forces). Keeping the loop here makes checked stepping
// cost the same as MuJoCo's own tools.
LEV_API int lev_step_checked(const mjModel* m, mjData* d, int n, double max_speed, int* why, double* speed, double* force_stats) {
  *why = 0;
  *speed = 0;
  for (int i = 0; i < n; i++) {
    int before = lev_bad_count(d);
    double t = d->time;
    mj_step(m, d);
    if (lev_bad_count(d) != before) { *why = 1; return i + 1; }
    double fastest = 0;
    int bad = 0;
    for (int j = 0; j < m->nv; j++) {
      double v = d->qvel[j];
      if (!isfinite(v) || !isfinite(d->qacc[j])) bad = 1;
      double a = fabs(v);
      if (a > fastest) fastest = a;
    }
    for (int j = 0; j < m->nq; j++) {
      if (!isfinite(d->qpos[j])) bad = 1;
    }
    if (bad) { *why = 2; return i + 1; }
    if (force_stats) lev_track_forces(m, d, t, force_stats);
    if (fastest > max_speed) { *why = 3; *speed = fastest; return i + 1; }
  }
  return n;
}

// CPU time of the calling thread, for step timings that stay meaningful on a busy machine.
LEV_API double lev_thread_cpu_seconds(void) {
  struct timespec t;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0;
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
