// Leviathan's offscreen renderer over MuJoCo 2.2.2's own renderer (mjv_* scene, mjr_* OpenGL).
// The OpenGL context comes from EGL on Mesa's surfaceless platform: no X server, no window, no GPU needed
// (llvmpipe renders on the CPU; a GPU driver is used where Mesa has one). MuJoCo finds the GL functions
// itself: its loader sees libEGL among the loaded libraries and asks eglGetProcAddress.
// Built by Leviathan.Simulation.csproj: gcc -O2 -shared -fPIC render.c -o libleviathan_render.so -lmujoco -lEGL
// Only worker processes load it, and only when they render.
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <mujoco/mujoco.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEV_API __attribute__((visibility("default")))

// The few GL entry points used outside MuJoCo (reading alpha), resolved through EGL.
#define LEV_GL_ALPHA 0x1906
#define LEV_GL_UNSIGNED_BYTE 0x1401
#define LEV_GL_PACK_ALIGNMENT 0x0D05
typedef void (*lev_glReadPixels_t)(int, int, int, int, unsigned int, unsigned int, void*);
typedef void (*lev_glPixelStorei_t)(unsigned int, int);

static EGLDisplay lev_display = EGL_NO_DISPLAY;
static EGLContext lev_context = EGL_NO_CONTEXT;
static lev_glReadPixels_t lev_glReadPixels = NULL;
static lev_glPixelStorei_t lev_glPixelStorei = NULL;

static const char* lev_egl_error_name(EGLint code) {
  switch (code) {
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    default: return "EGL error";
  }
}

// Creates the process's OpenGL context once (later calls return at once). Returns 0, or -1 with a message.
LEV_API int lev_gl_init(char* error, int error_size) {
  if (lev_context != EGL_NO_CONTEXT) return 0;
  PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
  const char* extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (!get_platform_display || !extensions || !strstr(extensions, "EGL_MESA_platform_surfaceless")) {
    snprintf(error, error_size, "EGL has no surfaceless platform (EGL_MESA_platform_surfaceless); Mesa's EGL is needed");
    return -1;
  }
  EGLDisplay display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
  EGLint major = 0, minor = 0;
  if (display == EGL_NO_DISPLAY || !eglInitialize(display, &major, &minor)) {
    snprintf(error, error_size, "EGL could not open the surfaceless display (%s)", lev_egl_error_name(eglGetError()));
    return -1;
  }
  const EGLint config_attributes[] = {
    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8,
    EGL_DEPTH_SIZE, 24, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE,
  };
  EGLConfig config;
  EGLint count = 0;
  if (!eglChooseConfig(display, config_attributes, &config, 1, &count) || count < 1) {
    snprintf(error, error_size, "EGL offers no desktop OpenGL configuration with 8-bit RGBA and a depth buffer (%s)", lev_egl_error_name(eglGetError()));
    eglTerminate(display);
    return -1;
  }
  if (!eglBindAPI(EGL_OPENGL_API)) {
    snprintf(error, error_size, "EGL cannot bind desktop OpenGL (%s)", lev_egl_error_name(eglGetError()));
    eglTerminate(display);
    return -1;
  }
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, NULL);
  if (context == EGL_NO_CONTEXT) {
    snprintf(error, error_size, "EGL could not create an OpenGL context (%s)", lev_egl_error_name(eglGetError()));
    eglTerminate(display);
    return -1;
  }
  // MuJoCo renders into its own framebuffer object, so the context needs no surface.
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
    snprintf(error, error_size, "EGL could not make the OpenGL context current without a surface (%s)", lev_egl_error_name(eglGetError()));
    eglDestroyContext(display, context);
    eglTerminate(display);
    return -1;
  }
  lev_glReadPixels = (lev_glReadPixels_t)eglGetProcAddress("glReadPixels");
  lev_glPixelStorei = (lev_glPixelStorei_t)eglGetProcAddress("glPixelStorei");
  if (!lev_glReadPixels || !lev_glPixelStorei) {
    snprintf(error, error_size, "EGL does not give the core OpenGL functions glReadPixels and glPixelStorei");
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(display, context);
    eglTerminate(display);
    return -1;
  }
  lev_display = display;
  lev_context = context;
  return 0;
}

// ---------------------------------------------------------------- one renderer per model and size

typedef struct {
  mjvScene scene;
  mjvCamera camera;
  mjvOption option;
  mjrContext context;
  int width, height;
  int add_light;
  float light_pos[3], light_dir[3];
  float background_top[3], background_bottom[3];
  unsigned char* rgb;
  unsigned char* alpha;
  float* depth;
} lev_renderer;

// Scene bounds (world frame, after a forward or kinematics pass): every geom except planes, and every site.
// Returns 0 when there is nothing with a finite size.
LEV_API int lev_scene_bounds(const mjModel* m, const mjData* d, double* lo, double* hi) {
  int found = 0;
  for (int i = 0; i < 3; i++) { lo[i] = 1e300; hi[i] = -1e300; }
  for (int pass = 0; pass < 2; pass++) {
    int n = pass == 0 ? m->ngeom : m->nsite;
    for (int g = 0; g < n; g++) {
      int type = pass == 0 ? m->geom_type[g] : m->site_type[g];
      const mjtNum* size = pass == 0 ? m->geom_size + 3 * g : m->site_size + 3 * g;
      const mjtNum* pos = pass == 0 ? d->geom_xpos + 3 * g : d->site_xpos + 3 * g;
      const mjtNum* mat = pass == 0 ? d->geom_xmat + 9 * g : d->site_xmat + 9 * g;
      if (type == mjGEOM_PLANE || type == mjGEOM_HFIELD) continue;
      if (pass == 0 && m->geom_rgba[4 * g + 3] == 0) continue;
      double half[3];
      switch (type) {
        case mjGEOM_SPHERE: half[0] = half[1] = half[2] = size[0]; break;
        case mjGEOM_CAPSULE: half[0] = half[1] = size[0]; half[2] = size[1] + size[0]; break;
        case mjGEOM_CYLINDER: half[0] = half[1] = size[0]; half[2] = size[1]; break;
        case mjGEOM_ELLIPSOID:
        case mjGEOM_BOX: half[0] = size[0]; half[1] = size[1]; half[2] = size[2]; break;
        default: {
          // meshes: the bounding sphere MuJoCo keeps for them
          double r = pass == 0 ? m->geom_rbound[g] : size[0];
          half[0] = half[1] = half[2] = r;
          mat = NULL;
        }
      }
      for (int a = 0; a < 3; a++) {
        double extent = 0;
        for (int b = 0; b < 3; b++) extent += fabs(mat ? mat[3 * a + b] : (a == b)) * half[b];
        if (!isfinite(extent) || !isfinite(pos[a])) continue;
        if (pos[a] - extent < lo[a]) lo[a] = pos[a] - extent;
        if (pos[a] + extent > hi[a]) hi[a] = pos[a] + extent;
      }
      found = 1;
    }
  }
  return found;
}

LEV_API double lev_model_fovy(const mjModel* m) { return m->vis.global.fovy; }

LEV_API int lev_model_nlight(const mjModel* m) { return m->nlight; }

// Makes a renderer for the model at width x height. A model without lights gets a headlight and, per frame,
// a directional sun light (see lev_renderer_frame), so scenes written without <light> are not dark. Changes only
// visual settings of the model (offscreen size, multisampling, headlight), never its physics.
// Returns NULL with a message; MuJoCo's own failures end the process through the fatal-error handler.
LEV_API lev_renderer* lev_renderer_new(mjModel* m, int width, int height, char* error, int error_size) {
  if (lev_context == EGL_NO_CONTEXT) {
    snprintf(error, error_size, "no OpenGL context: lev_gl_init must succeed first");
    return NULL;
  }
  lev_renderer* r = (lev_renderer*)calloc(1, sizeof(lev_renderer));
  if (!r) { snprintf(error, error_size, "out of memory for the renderer"); return NULL; }
  r->width = width;
  r->height = height;
  r->rgb = (unsigned char*)malloc((size_t)width * height * 3);
  r->alpha = (unsigned char*)malloc((size_t)width * height);
  r->depth = (float*)malloc((size_t)width * height * sizeof(float));
  if (!r->rgb || !r->alpha || !r->depth) {
    free(r->rgb); free(r->alpha); free(r->depth); free(r);
    snprintf(error, error_size, "out of memory for %d x %d pixels", width, height);
    return NULL;
  }

  if (m->vis.global.offwidth < width) m->vis.global.offwidth = width;
  if (m->vis.global.offheight < height) m->vis.global.offheight = height;
  // Multisampling costs twice the frame on a software rasteriser.
  m->vis.quality.offsamples = 0;
  r->add_light = m->nlight == 0;
  if (r->add_light) {
    m->vis.headlight.active = 1;
    for (int i = 0; i < 3; i++) {
      m->vis.headlight.ambient[i] = 0.25f;
      m->vis.headlight.diffuse[i] = 0.35f;
      m->vis.headlight.specular[i] = 0.1f;
    }
  }

  mjv_defaultCamera(&r->camera);
  mjv_defaultOption(&r->option);
  mjv_defaultScene(&r->scene);
  mjr_defaultContext(&r->context);
  mjv_makeScene(m, &r->scene, 2000);
  // No shadows: every geom casts one in MuJoCo 2.2.2, translucent zone sites too (dark patterns on the floor),
  // and the shadow pass costs several times the frame on a software rasteriser. No reflections for the same cost.
  r->scene.flags[mjRND_SHADOW] = 0;
  r->scene.flags[mjRND_REFLECTION] = 0;
  mjr_makeContext(m, &r->context, mjFONTSCALE_100);
  mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
  if (r->context.currentBuffer != mjFB_OFFSCREEN || r->context.offWidth < width || r->context.offHeight < height) {
    snprintf(error, error_size, "MuJoCo's offscreen buffer is %d x %d, smaller than the %d x %d asked for",
             r->context.offWidth, r->context.offHeight, width, height);
    mjr_freeContext(&r->context);
    mjv_freeScene(&r->scene);
    free(r->rgb); free(r->alpha); free(r->depth); free(r);
    return NULL;
  }

  // a light sky at the top fading to near white at the bottom
  const float top[3] = {0.70f, 0.80f, 0.92f}, bottom[3] = {0.96f, 0.96f, 0.97f};
  memcpy(r->background_top, top, sizeof(top));
  memcpy(r->background_bottom, bottom, sizeof(bottom));
  return r;
}

// Free camera looking at lookat from distance, azimuth and elevation in degrees (MuJoCo's convention).
LEV_API void lev_renderer_camera(lev_renderer* r, const double* lookat, double distance, double azimuth, double elevation) {
  r->camera.type = mjCAMERA_FREE;
  for (int i = 0; i < 3; i++) r->camera.lookat[i] = lookat[i];
  r->camera.distance = distance;
  r->camera.azimuth = azimuth;
  r->camera.elevation = elevation;
}

// Where the added sun light shines from: above the scene, slightly from the front left.
LEV_API void lev_renderer_sun(lev_renderer* r, const double* centre, double extent) {
  float dir[3] = {0.35f, 0.45f, -1.0f};
  float norm = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
  for (int i = 0; i < 3; i++) {
    r->light_dir[i] = dir[i] / norm;
    r->light_pos[i] = (float)(centre[i] - 3 * extent * r->light_dir[i]);
  }
}

// Renders the current state (after kinematics) into out: width x height x 3 bytes, RGB, rows from the top.
// Pixels that show no opaque geometry get the background, blended under translucent geoms (zones).
LEV_API void lev_renderer_frame(lev_renderer* r, const mjModel* m, mjData* d, unsigned char* out) {
  mjv_updateScene(m, d, &r->option, NULL, &r->camera, mjCAT_ALL, &r->scene);
  if (r->add_light && r->scene.nlight < mjMAXLIGHT) {
    mjvLight* sun = r->scene.lights + r->scene.nlight++;
    memset(sun, 0, sizeof(mjvLight));
    for (int i = 0; i < 3; i++) {
      sun->pos[i] = r->light_pos[i];
      sun->dir[i] = r->light_dir[i];
      sun->ambient[i] = 0.1f;
      sun->diffuse[i] = 0.55f;
      sun->specular[i] = 0.2f;
    }
    sun->attenuation[0] = 1;
    sun->cutoff = 180;
    sun->directional = 1;
  }
  mjrRect viewport = {0, 0, r->width, r->height};
  mjr_render(viewport, &r->scene, &r->context);
  mjr_readPixels(r->rgb, r->depth, viewport, &r->context);
  // mjr_readPixels leaves the resolved colour buffer bound for reading
  lev_glPixelStorei(LEV_GL_PACK_ALIGNMENT, 1);
  lev_glReadPixels(0, 0, r->width, r->height, LEV_GL_ALPHA, LEV_GL_UNSIGNED_BYTE, r->alpha);

  int w = r->width, h = r->height;
  for (int y = 0; y < h; y++) {
    const int source = h - 1 - y;  // OpenGL rows start at the bottom
    const float t = h > 1 ? (float)y / (float)(h - 1) : 0;
    float background[3];
    for (int c = 0; c < 3; c++) background[c] = 255.0f * (r->background_top[c] * (1 - t) + r->background_bottom[c] * t);
    const unsigned char* rgb = r->rgb + (size_t)source * w * 3;
    const unsigned char* alpha = r->alpha + (size_t)source * w;
    const float* depth = r->depth + (size_t)source * w;
    unsigned char* row = out + (size_t)y * w * 3;
    for (int x = 0; x < w; x++) {
      if (depth[x] < 1.0f) {
        memcpy(row + 3 * x, rgb + 3 * x, 3);
        continue;
      }
      // Only translucent geoms (which write no depth) or nothing: MuJoCo blends with (src alpha, 1 - src alpha)
      // over a cleared (0, 0, 0, 0) buffer, so one layer of alpha a leaves colour a * c and alpha a * a.
      float coverage = sqrtf((float)alpha[x] / 255.0f);
      for (int c = 0; c < 3; c++) {
        float v = (float)rgb[3 * x + c] + (1 - coverage) * background[c];
        row[3 * x + c] = (unsigned char)(v > 255 ? 255 : v);
      }
    }
  }
}

LEV_API void lev_renderer_free(lev_renderer* r) {
  if (!r) return;
  mjr_freeContext(&r->context);
  mjv_freeScene(&r->scene);
  free(r->rgb);
  free(r->alpha);
  free(r->depth);
  free(r);
}
