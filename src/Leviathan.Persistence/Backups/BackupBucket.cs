using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Leviathan.Persistence.Backups;

/// <summary>The S3 bucket that holds backups, through the AWS SDK; every failure becomes a <see cref="BackupException"/> that names the bucket and the endpoint.</summary>
internal sealed class BackupBucket : IDisposable
{
    private const string Sha256Key = "x-amz-meta-sha256";
    private const string ProviderKey = "x-amz-meta-provider";
    private const string DatabaseBytesKey = "x-amz-meta-database-bytes";
    private const string BlobsKey = "x-amz-meta-blobs";
    private const string CreatedKey = "x-amz-meta-created-at";

    private readonly BackupOptions _options;
    private readonly AmazonS3Client _client;

    public BackupBucket(BackupOptions options)
    {
        _options = options;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            Timeout = options.Timeout,
            MaxErrorRetry = 2,

            // Our own SHA-256 covers the archive end to end; the SDK's optional CRC trailers are not understood by every S3-compatible store.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = options.AccessKeyId is { } id
            ? new AmazonS3Client(new BasicAWSCredentials(id, options.SecretAccessKey), config)
            : new AmazonS3Client(config);
    }

    /// <summary>Where backups go, for messages: <c>s3://bucket/prefix at endpoint</c>.</summary>
    public string Where => $"s3://{_options.Bucket}/{_options.Prefix} at {_options.Endpoint?.ToString() ?? $"AWS {_options.Region}"}";

    /// <summary>
    /// Uploads the archive with its record as metadata: in one request when it fits in one part, else as a multipart upload
    /// of <see cref="BackupOptions.PartSizeBytes"/> parts (aborted when a part fails, so no partial object or stray parts remain).
    /// </summary>
    public async Task UploadAsync(string file, BackupRecord record, CancellationToken cancellationToken)
    {
        var size = new FileInfo(file).Length;
        if (size <= _options.PartSizeBytes)
        {
            var request = new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = record.Key,
                FilePath = file,
                ContentType = ContentType,
                UseChunkEncoding = false,
            };
            AddMetadata(request.Metadata, record);
            await CallAsync($"upload {record.Key}", () => _client.PutObjectAsync(request, cancellationToken), cancellationToken);
            return;
        }

        var initiate = new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = record.Key, ContentType = ContentType };
        AddMetadata(initiate.Metadata, record);
        var upload = await CallAsync($"start the multipart upload of {record.Key}", () => _client.InitiateMultipartUploadAsync(initiate, cancellationToken), cancellationToken);
        try
        {
            var parts = new List<PartETag>();
            var count = (int)((size + _options.PartSizeBytes - 1) / _options.PartSizeBytes);
            for (var number = 1; number <= count; number++)
            {
                var position = (number - 1) * _options.PartSizeBytes;
                var part = new UploadPartRequest
                {
                    BucketName = _options.Bucket,
                    Key = record.Key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    FilePath = file,
                    FilePosition = position,
                    PartSize = Math.Min(_options.PartSizeBytes, size - position),
                    IsLastPart = number == count,
                    UseChunkEncoding = false,
                };
                var uploaded = await CallAsync(
                    string.Create(CultureInfo.InvariantCulture, $"upload part {number} of {count} of {record.Key}"),
                    () => _client.UploadPartAsync(part, cancellationToken),
                    cancellationToken);
                parts.Add(new PartETag(number, uploaded.ETag));
            }

            await CallAsync(
                $"complete the multipart upload of {record.Key}",
                () => _client.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest { BucketName = _options.Bucket, Key = record.Key, UploadId = upload.UploadId, PartETags = parts },
                    cancellationToken),
                cancellationToken);
        }
        catch
        {
            try
            {
                await _client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = record.Key, UploadId = upload.UploadId },
                    CancellationToken.None);
            }
            catch (Exception abort) when (abort is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
            {
                // The store is unreachable: the bucket's lifecycle rule for incomplete uploads removes the parts; the error that counts is the first.
            }

            throw;
        }
    }

    /// <summary>Every backup under the prefix, newest first.</summary>
    public async Task<IReadOnlyList<BackupRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var records = new List<BackupRecord>();
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix, ContinuationToken = token };
            var page = await CallAsync("list backups", () => _client.ListObjectsV2Async(request, cancellationToken), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key.EndsWith(BackupArchive.Extension, StringComparison.Ordinal))
                {
                    records.Add(await DescribeAsync(item.Key, cancellationToken));
                }
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        return [.. records.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Key, StringComparer.Ordinal)];
    }

    /// <summary>The record of one backup, from its object's metadata.</summary>
    public async Task<BackupRecord> DescribeAsync(string key, CancellationToken cancellationToken)
    {
        var head = await CallAsync(
            $"read {key}",
            () => _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = key }, cancellationToken),
            cancellationToken,
            key);
        return Record(key, head.ContentLength, head.Metadata);
    }

    /// <summary>Downloads a backup to <paramref name="file"/> and returns its record (with the SHA-256 recorded at upload).</summary>
    public async Task<BackupRecord> DownloadAsync(string key, string file, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(
            $"download {key}",
            () => _client.GetObjectAsync(new GetObjectRequest { BucketName = _options.Bucket, Key = key }, cancellationToken),
            cancellationToken,
            key);
        await using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await CallAsync($"download {key}", async () => { await response.ResponseStream.CopyToAsync(output, cancellationToken); return true; }, cancellationToken);
        }

        return Record(key, new FileInfo(file).Length, response.Metadata);
    }

    public void Dispose() => _client.Dispose();

    private const string ContentType = "application/zstd";

    private static void AddMetadata(MetadataCollection metadata, BackupRecord record)
    {
        metadata.Add(Sha256Key, record.Sha256);
        metadata.Add(ProviderKey, record.Provider);
        metadata.Add(DatabaseBytesKey, record.DatabaseBytes.ToString(CultureInfo.InvariantCulture));
        metadata.Add(BlobsKey, record.Blobs.ToString(CultureInfo.InvariantCulture));
        metadata.Add(CreatedKey, record.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
    }

    private static BackupRecord Record(string key, long size, MetadataCollection metadata)
    {
        long.TryParse(metadata[DatabaseBytesKey], NumberStyles.Integer, CultureInfo.InvariantCulture, out var databaseBytes);
        int.TryParse(metadata[BlobsKey], NumberStyles.Integer, CultureInfo.InvariantCulture, out var blobs);
        DateTimeOffset.TryParse(metadata[CreatedKey], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var created);
        return new BackupRecord(key, metadata[ProviderKey] ?? "unknown", databaseBytes, size, metadata[Sha256Key] ?? string.Empty, blobs, created);
    }

    private async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken, string? key = null)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception ex) when (key is not null && ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode is "NoSuchKey" or "NotFound" or null or "")
        {
            throw new BackupException(
                BackupFault.NotFound,
                $"there is no backup {key} in {Where}",
                "list the backups with 'leviathan backup list' (or GET /v1/admin/backups)",
                ex);
        }
        catch (AmazonServiceException ex)
        {
            var code = string.IsNullOrEmpty(ex.ErrorCode) ? ((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture) : ex.ErrorCode;
            throw new BackupException(
                BackupFault.Storage,
                $"S3 refused to {what} in {Where}: {code}: {ex.Message}",
                code switch
                {
                    "NoSuchBucket" => $"create the bucket '{_options.Bucket}' or fix backup.bucket",
                    "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" => "check backup.access_key_id and backup.secret_access_key, and that the key may write to the bucket",
                    _ => "check backup.endpoint, backup.bucket, backup.region and backup.force_path_style",
                },
                ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new BackupException(
                BackupFault.Storage,
                $"S3 could not be reached to {what} in {Where}: {Innermost(ex).Message}",
                "check that the S3 endpoint is up and reachable (backup.endpoint) and that the credentials are set",
                ex);
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
