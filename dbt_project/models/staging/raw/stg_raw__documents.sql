with source as (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        report_id,
        source_file,
        source_sha256,
        source_format,
        bytes,
        page_count,
        status,
        reject_reason,
        landed_at
    from source
)

select * from renamed
